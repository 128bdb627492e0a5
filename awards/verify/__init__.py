"""The public verification of a Giấy khen (issue 14 point 2): the QR link printed on each certificate, the page
it opens (what the certificate says, whether a later decision revoked or corrected it) and the check of an
uploaded PDF against the files issued for it."""
