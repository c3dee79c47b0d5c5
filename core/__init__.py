"""Shared plumbing with no domain: the layer every app may import and that imports none of them
(content-addressed files, person-name snapshots, roles and access guards, navigation, module
discovery, chart geometry, the audit port, the `db_worker` command that outlives a locked
database). See docs/architecture.md."""
