"""Campaigns: trade studies, sensitivities and the Monte Carlo at scale, local or on Dask.

- :mod:`~okaeri.verification.campaigns.study`: study files (:func:`load_study`);
- :mod:`~okaeri.verification.campaigns.doe`: full factorial, Latin hypercube and Sobol
  designs (:func:`design_points`);
- :mod:`~okaeri.verification.campaigns.trade`: a verification per point
  (:func:`run_trade`, :func:`evaluate_point`);
- :mod:`~okaeri.verification.campaigns.tables`: the results as CSV and Parquet;
- :mod:`~okaeri.verification.campaigns.sensitivity`: tornados of requirement margins
  (:func:`run_sensitivity`);
- :mod:`~okaeri.verification.campaigns.monte_carlo`: the entry Monte Carlo in seeded
  chunks with streaming statistics (:func:`run_monte_carlo`);
- :mod:`~okaeri.verification.campaigns.streaming`: mergeable tail statistics and the
  order-statistic confidence bounds of percentiles;
- :mod:`~okaeri.verification.campaigns.execution`: mapping over chunks on local processes
  or a Dask cluster (:class:`Execution`, :func:`imap_chunks`);
- :mod:`~okaeri.verification.campaigns.progress`: a progress bar on a terminal.

Nothing here is imported by ``import okaeri``; Dask and pyarrow are optional extras.
"""
