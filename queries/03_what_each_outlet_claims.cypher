// title: What each outlet claims
// answers: per publishing outlet (the article's outlet; "(unknown)" when the article names
//   none), how many claims it carries and the statements they make, by relation type.
MATCH (c:Claim)-[:IN_ARTICLE]->(a:Article)
MATCH (c)-[:SUBJECT]->(s:Entity)
MATCH (c)-[:OBJECT]->(o:Entity)
WITH coalesce(a.outlet, '(unknown)') AS outlet, c.relation AS relation,
     s.name + ' –' + c.label + '→ ' + o.name AS statement
RETURN outlet, relation, count(*) AS claims, collect(DISTINCT statement) AS statements
ORDER BY outlet, claims DESC, relation
