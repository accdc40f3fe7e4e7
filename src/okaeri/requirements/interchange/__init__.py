"""Requirements in and out of okaeri: ReqIF, CSV and XLSX, and okaeri's own YAML.

One module per job:

- :mod:`~okaeri.requirements.interchange.fields`: a requirement as a flat record of
  named text values (the columns of a table, the attributes of a ReqIF object) and
  back, with the names other tools use for okaeri's fields;
- :mod:`~okaeri.requirements.interchange.yaml_writer`: requirement files in okaeri's
  YAML shape;
- :mod:`~okaeri.requirements.interchange.tables`: CSV (standard library) and XLSX
  (openpyxl) tables, of requirements or of anything with columns;
- :mod:`~okaeri.requirements.interchange.xhtml`: ReqIF's XHTML text values to plain
  text and back;
- :mod:`~okaeri.requirements.interchange.reqif_format`: ReqIF through the ``reqif``
  package;
- :mod:`~okaeri.requirements.interchange.imported`: what an import read, kept and
  could not read, and writing it into a mission folder.

openpyxl and reqif are imported only by the functions that use them.
"""

from okaeri.requirements.interchange.fields import Document

__all__ = ["Document"]
