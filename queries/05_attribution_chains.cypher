// title: Attribution chains (outlet → via → speaker)
// answers: who the outlets quote and through whom: each chain of a publishing outlet, the
//   outlet it took the words from and the speaker, with the number of claims and what they say.
MATCH (c:Claim)-[:IN_ARTICLE]->(a:Article)
OPTIONAL MATCH (c)-[:REPORTED_BY]->(rep:Entity)
OPTIONAL MATCH (c)-[:VIA]->(v:Entity)
OPTIONAL MATCH (c)-[:SAID_BY]->(sp:Entity)
WITH c, coalesce(rep.name, a.outlet, '(unknown)') AS outlet, v, sp
WHERE v IS NOT NULL OR sp IS NOT NULL
MATCH (c)-[:SUBJECT]->(s:Entity)
MATCH (c)-[:OBJECT]->(o:Entity)
RETURN outlet, v.name AS via, sp.name AS speaker, count(c) AS claims,
       collect(DISTINCT s.name + ' –' + c.label + '→ ' + o.name) AS statements
ORDER BY claims DESC, outlet, speaker
