// title: Each side's leaders, spokespeople and units
// answers: for every body with a known side (from the attribution data), who leads it
//   (LEADS), who speaks for it (MEMBER_OF with «باسم»: الناطق/المتحدث باسم), its other members
//   (ministers, commanders) and its units (PART_OF).
MATCH (body:Entity)
WHERE body.side IS NOT NULL
MATCH (x:Entity)-[r:LEADS|MEMBER_OF|PART_OF]->(body)
RETURN body.side AS side, body.name AS body,
       CASE
         WHEN type(r) = 'LEADS' THEN 'leader'
         WHEN type(r) = 'PART_OF' THEN 'unit'
         WHEN r.label CONTAINS 'باسم' THEN 'spokesperson'
         ELSE 'member'
       END AS role,
       x.name AS name, r.label AS title
ORDER BY side, body, role, name
