"""The floor of the district overview: ONE PostgreSQL aggregate query that computes every
objective's compliance of every plan from the raw rows (links, programming, approved
measurements), with the same rules as indicators.compliance (rule 1 divides by the declared
total weight; «decreciente» is lower-is-better), for each plan's newest published
cutoff on or before a date (the cutoffs the overview shows). It is what a hand-written report
query would cost; the overview reads the figures stored at publication instead."""

FLOOR_SQL = """
WITH chosen AS MATERIALIZED (
  SELECT DISTINCT ON (c.plan_id) c.id, c.plan_id, EXTRACT(YEAR FROM c.date)::int AS year
  FROM plan_cutoff c
  WHERE c.status = 'published' AND c.date <= %(date)s
    AND EXISTS (SELECT 1 FROM plan_snapshot s WHERE s.cutoff_id = c.id)
  ORDER BY c.plan_id, c.date DESC
),
at_cutoff AS MATERIALIZED (
  SELECT cp.indicator_id, cp.programmed
  FROM indicators_cutoffprogramming cp JOIN chosen ch ON cp.cutoff_id = ch.id
),
executed AS MATERIALIZED (
  SELECT m.indicator_id, m.executed
  FROM indicators_measurement m JOIN chosen ch ON m.cutoff_id = ch.id
  WHERE m.status = 'approved'
),
terms AS (
  SELECT o.id AS objective_id, l.weight, p.indicator_set_rule AS rule, p.cap_progress,
         ap.programmed AS in_year, cp.programmed AS at_cut, m.executed,
         CASE WHEN i.annualization = 'decreciente' THEN 'lower' ELSE i.direction END
           AS direction
  FROM chosen ch
  JOIN plan_plan p ON p.id = ch.plan_id
  JOIN plan_objective o ON o.plan_id = ch.plan_id
  JOIN indicators_objectivelink l ON l.objective_id = o.id AND l.year = ch.year
  JOIN indicators_indicator i ON i.id = l.indicator_id
  LEFT JOIN indicators_annualprogramming ap
    ON ap.indicator_id = l.indicator_id AND ap.year = ch.year
  LEFT JOIN at_cutoff cp ON cp.indicator_id = l.indicator_id
  LEFT JOIN executed m ON m.indicator_id = l.indicator_id
),
scored AS (
  SELECT objective_id, weight,
    CASE
      WHEN rule = 'programmed_in_year' AND NOT programmed_in_year THEN NULL
      WHEN NOT programmed_at_cut
        THEN CASE WHEN rule = 'programmed_at_cutoff' THEN NULL ELSE 0 END
      WHEN executed IS NULL THEN 0
      ELSE CASE WHEN cap_progress THEN LEAST(100, raw) ELSE raw END
    END AS progress
  FROM (
    SELECT t.*,
      -- lower-is-better: a stated 0 is a target («cero hallazgos»)
      CASE WHEN direction = 'lower' THEN COALESCE(in_year >= 0, false)
        ELSE COALESCE(in_year > 0, false) END AS programmed_in_year,
      CASE WHEN direction = 'lower' THEN COALESCE(at_cut >= 0, false)
        ELSE COALESCE(at_cut > 0, false) END AS programmed_at_cut,
      CASE WHEN direction = 'lower'
        THEN CASE WHEN executed <= 0 THEN 100 WHEN at_cut = 0 THEN 0
          ELSE at_cut / executed * 100 END
        ELSE executed / NULLIF(at_cut, 0) * 100
      END AS raw
    FROM terms t
  ) x
)
-- rule 1 divides by the plan's declared total weight, the other rules by Σw of what counts
SELECT o.plan_id, o.number,
  SUM(s.weight * s.progress) FILTER (WHERE s.progress IS NOT NULL)
    / NULLIF(
      CASE WHEN MIN(p.indicator_set_rule) = 'all_of_year'
            AND SUM(s.weight) FILTER (WHERE s.progress IS NOT NULL) > 0
        THEN MIN(p.declared_total_weight)
        ELSE SUM(s.weight) FILTER (WHERE s.progress IS NOT NULL)
      END, 0) AS compliance
FROM plan_objective o
JOIN chosen ch ON ch.plan_id = o.plan_id
JOIN plan_plan p ON p.id = o.plan_id
LEFT JOIN scored s ON s.objective_id = o.id
GROUP BY o.plan_id, o.number
"""


def district_floor(cursor, date) -> dict:
    """(plan id, objective number) -> compliance (Decimal or None)."""
    cursor.execute(FLOOR_SQL, {"date": date})
    return {(plan_id, number): compliance for plan_id, number, compliance in cursor.fetchall()}
