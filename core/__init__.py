"""The bottom layer: no models of the domain. One domain error, Vietnam time, the upload policy,
private storage and the plumbing of access scopes. Every app imports from here; this package imports
no app of the project."""
