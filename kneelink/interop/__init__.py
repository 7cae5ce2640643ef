"""An answer for clinical systems: CDS Hooks cards, a FHIR R4 CarePlan, and an optional
CDS Hooks service (``pip install 'kneelink[service]'``, ``kneelink serve``).

Reached through :meth:`kneelink.Suggestion.to_cds_cards` and
:meth:`kneelink.Suggestion.to_fhir`; the service is :func:`kneelink.interop._service.app`.
"""
