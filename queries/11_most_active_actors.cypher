// title: The most active actors
// answers: actors ranked by the number of claims in which they act (subject of an event), with
//   how many distinct targets and which relation types.
// param: limit = 10
MATCH (a:Actor)-[r]->(t:Entity)
WHERE r.claims IS NOT NULL AND NOT type(r) IN ['LEADS', 'MEMBER_OF', 'PART_OF', 'LOCATED_IN']
RETURN a.name AS actor, sum(r.claims) AS claims, count(DISTINCT t) AS targets,
       collect(DISTINCT type(r)) AS relations
ORDER BY claims DESC, actor
LIMIT $limit
