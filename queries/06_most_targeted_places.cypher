// title: The most targeted places
// answers: places that are the object of assaults, seizures, sieges or threats, ranked by the
//   number of claims, with who targets them.
// param: limit = 10
MATCH (a:Entity)-[r]->(p:Place)
WHERE type(r) IN ['ASSAULT', 'SEIZE', 'COERCE', 'THREATEN']
RETURN p.name AS place, sum(r.claims) AS claims, count(DISTINCT a) AS n_actors,
       collect(DISTINCT a.name) AS actors, collect(DISTINCT type(r)) AS relations
ORDER BY claims DESC, place
LIMIT $limit
