"""Kawasan (Bab II B; Bab III A.3.d.3–4): the special team joining the TPIs of a kawasan's
agencies, the five integration indicators it scores, the kawasan criteria from the scoring
engine, and the kawasan's penetapan on the register of predicates.

- `access`: who sees a kawasan and who records for it;
- `judge`: the kawasan criteria from Zona's records (each member's standing, the integration
  score, the predicate held), through `zona.scoring.evaluate_kawasan`;
- `services`: the acts, each with its audit event; `views`, `forms`, `urls`: the pages;
- `demo`: the demo ministry's airport kawasan, scored.
"""
