"""The 2012 review conference on small arms, entered through the services as demo data."""
