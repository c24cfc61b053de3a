"""Reference data package (factors/ in the repository, installed as carbon.factors). No code."""
