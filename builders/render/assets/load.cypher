// Pain Atlas: load this folder into Neo4j with LOAD CSV (Neo4j 5; educational, not medical advice).
// Copy the CSV files into the database's import folder, then run:
//   cypher-shell -u neo4j -p PASSWORD -f load.cypher
// neo4j-admin database import full reads the same files faster (see README.txt).
// Text cells that began like a spreadsheet formula carry a leading ' (as in every CSV Pain Atlas writes).

CREATE CONSTRAINT pain_atlas_node IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT pain_atlas_source IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE;
CREATE CONSTRAINT pain_atlas_correction IF NOT EXISTS FOR (c:Correction) REQUIRE c.id IS UNIQUE;

LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row
CREATE (n:Node {id: row.`id:ID(Node)`, label: row.label, kind: row.kind, kind_label: row.kind_label,
  status: row.status, description: row.description, citations: row.citations,
  best_reliability: row.best_reliability, corrections: row.corrections, color: row.color, shape: row.shape,
  aliases: CASE WHEN coalesce(row.`aliases:string[]`, '') = '' THEN [] ELSE split(row.`aliases:string[]`, '|') END,
  cited_sources: CASE WHEN coalesce(row.`cited_sources:string[]`, '') = '' THEN [] ELSE split(row.`cited_sources:string[]`, '|') END,
  x: toFloat(row.`x:double`), y: toFloat(row.`y:double`), size: toFloat(row.`size:double`)});

LOAD CSV WITH HEADERS FROM 'file:///sources.csv' AS row
CREATE (:Source {id: row.`id:ID(Source)`, title: row.title, author: row.author, source_type: row.source_type,
  year: toInteger(row.`year:int`), url: row.url, file: row.file, reliability: row.reliability,
  rationale: row.rationale, reference: row.reference});

LOAD CSV WITH HEADERS FROM 'file:///corrections.csv' AS row
CREATE (:Correction {id: row.`id:ID(Correction)`, target: row.target, correction: row.correction,
  citations: row.citations});

// One label per node kind, beside :Node.
${NODE_LABELS}

// One relationship type per relation: the claims, with their status, sources and citations.
${CLAIM_TYPES}

LOAD CSV WITH HEADERS FROM 'file:///node_citations.csv' AS row
MATCH (n:Node {id: row.`:START_ID(Node)`}), (s:Source {id: row.`:END_ID(Source)`})
CREATE (n)-[:CITES {locator: row.locator,
  terms: CASE WHEN coalesce(row.`terms:string[]`, '') = '' THEN [] ELSE split(row.`terms:string[]`, '|') END}]->(s);

LOAD CSV WITH HEADERS FROM 'file:///correction_citations.csv' AS row
MATCH (c:Correction {id: row.`:START_ID(Correction)`}), (s:Source {id: row.`:END_ID(Source)`})
CREATE (c)-[:CITES {locator: row.locator,
  terms: CASE WHEN coalesce(row.`terms:string[]`, '') = '' THEN [] ELSE split(row.`terms:string[]`, '|') END}]->(s);

LOAD CSV WITH HEADERS FROM 'file:///corrects.csv' AS row
MATCH (c:Correction {id: row.`:START_ID(Correction)`}), (n:Node {id: row.`:END_ID(Node)`})
CREATE (c)-[:CORRECTS]->(n);
