"""Shared plumbing with no domain: the layer every app may import and that imports none of them
(content-addressed files, person-name snapshots, roles and access guards, navigation, module
discovery, chart geometry, the audit port). See docs/architecture.md."""
