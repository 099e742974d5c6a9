"""Stage 4, export: a KnowledgeGraph to files (Turtle, HTML, report)."""
