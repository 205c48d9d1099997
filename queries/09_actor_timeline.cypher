// title: Timeline of an actor's actions
// answers: what the actor did (events, not standing relations such as LEADS), in date order
//   (the event's date when the article gives one, else the article's date; undated last),
//   with the outlet and the modality (asserted, planned, threatened, alleged, denied).
// param: entity = قوات الكرامة
//   (a name, an alias or an id; in Neo4j Browser first run  :param entity => 'قوات الكرامة')
MATCH (e:Entity)
WHERE e.name = $entity OR e.id = $entity OR $entity IN e.aliases
MATCH (c:Claim)-[:SUBJECT]->(e)
WHERE NOT c.relation IN ['LEADS', 'MEMBER_OF', 'PART_OF', 'LOCATED_IN']
MATCH (c)-[:OBJECT]->(o:Entity)
MATCH (c)-[:IN_ARTICLE]->(a:Article)
RETURN coalesce(c.date, a.date) AS date, c.time AS when_written, c.relation AS relation,
       c.label AS label, o.name AS object, c.modality AS modality, a.outlet AS outlet,
       c.id AS claim
ORDER BY date IS NULL, date, relation, object, claim
