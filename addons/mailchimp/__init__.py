"""MailChimp: the tenant's customers kept in a MailChimp audience, Facturo being the master."""
