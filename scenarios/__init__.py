"""Reference data package (scenarios/ in the repository, installed as carbon.scenarios). No code."""
