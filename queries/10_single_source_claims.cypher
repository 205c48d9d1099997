// title: Claims with a single source
// answers: statements that only one article backs: the ones to check before repeating them,
//   with the outlet, the speaker and the evidence sentence.
MATCH (s:Entity)-[r]->(o:Entity)
WHERE r.articles = 1
MATCH (c:Claim {statement: r.id})-[:IN_ARTICLE]->(a:Article)
RETURN DISTINCT s.name AS subject, type(r) AS relation, r.label AS label, o.name AS object,
       a.outlet AS outlet, r.speakers AS speakers, c.sentence AS evidence, c.id AS claim
ORDER BY relation, subject, object, claim
