"""The rules, a module per kind of check; each module's ``RULES`` lists its rules
(``checker.rules`` collects them)."""
