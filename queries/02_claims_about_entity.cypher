// title: Everything claimed about an entity, with its sources
// answers: every claim in which the entity is the subject or the object, with the outlet that
//   published it, the outlet it came through, the speaker, the article and the evidence.
// param: entity = قوات الكرامة
//   (a name, an alias or an id; in Neo4j Browser first run  :param entity => 'قوات الكرامة')
MATCH (e:Entity)
WHERE e.name = $entity OR e.id = $entity OR $entity IN e.aliases
MATCH (c:Claim)-[:SUBJECT|OBJECT]->(e)
MATCH (c)-[:SUBJECT]->(s:Entity)
MATCH (c)-[:OBJECT]->(o:Entity)
MATCH (c)-[:IN_ARTICLE]->(a:Article)
OPTIONAL MATCH (c)-[:VIA]->(v:Entity)
OPTIONAL MATCH (c)-[:SAID_BY]->(sp:Entity)
RETURN DISTINCT c.id AS claim, s.name AS subject, c.relation AS relation, c.label AS label,
       o.name AS object, c.modality AS modality, a.outlet AS outlet, v.name AS via,
       sp.name AS speaker, a.title AS article, c.sentence AS evidence
ORDER BY relation, subject, object, claim
