"""Long runs (minutes to hours, never in CI) for targets a one-minute notebook cannot reach."""
