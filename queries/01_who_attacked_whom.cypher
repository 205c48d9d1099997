// title: Who attacked whom, and where
// answers: every assault statement (attacker –ASSAULT→ target) with the place it hit (the
//   target when it is a place, and any event place the claims name), how many claims and
//   articles back it and which outlets report it. Most corroborated first.
MATCH (a:Entity)-[r:ASSAULT]->(t:Entity)
OPTIONAL MATCH (c:Claim {statement: r.id})-[:AT]->(p:Place)
WITH a, r, t, collect(DISTINCT p.name) AS event_places
RETURN a.name AS attacker, r.label AS action, t.name AS target,
       CASE WHEN t:Place THEN [t.name] + event_places ELSE event_places END AS places,
       r.claims AS claims, r.articles AS articles, r.outlets AS outlets
ORDER BY claims DESC, attacker, target
