// title: The evidence for a statement between two entities
// answers: every claim with this subject and this object (any relation type):
//   the exact sentence, the article, the outlet, the speaker and the modality.
// param: subject = قوات الكرامة
// param: object = قاعدة مصراتة الجوية
MATCH (s:Entity)<-[:SUBJECT]-(c:Claim)-[:OBJECT]->(o:Entity)
WHERE (s.name = $subject OR s.id = $subject) AND (o.name = $object OR o.id = $object)
MATCH (c)-[:IN_ARTICLE]->(a:Article)
OPTIONAL MATCH (c)-[:SAID_BY]->(sp:Entity)
RETURN c.relation AS relation, c.label AS label, c.modality AS modality, a.outlet AS outlet,
       sp.name AS speaker, a.title AS article, c.sentence AS evidence, c.id AS claim
ORDER BY relation, claim
