// title: Contested statements
// answers: statements whose claims come from opposing sides, or that one source asserts and
//   another denies: who says what, from which side, and in which outlets.
MATCH (s:Entity)-[r]->(o:Entity)
WHERE r.contested = true
RETURN s.name AS subject, type(r) AS relation, r.label AS label, o.name AS object,
       r.sides AS sides, r.modalities AS modalities, r.speakers AS speakers,
       r.outlets AS outlets, r.claims AS claims
ORDER BY claims DESC, subject, object
