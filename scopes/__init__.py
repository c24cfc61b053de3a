"""Reference data package (scopes/ in the repository, installed as carbon.scopes). No code."""
