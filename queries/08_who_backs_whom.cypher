// title: Who backs whom
// answers: support and aid between actors (SUPPORT: دعم، المدعومة من، حليف; AID: مساعدات)
//   with the words used and the outlets that report it.
MATCH (a:Entity)-[r:SUPPORT|AID]->(b:Entity)
RETURN a.name AS backer, type(r) AS relation, r.label AS label, b.name AS backed,
       r.claims AS claims, r.outlets AS outlets
ORDER BY backed, backer
