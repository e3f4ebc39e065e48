"""The documents' stylesheet: A4, one sans-serif family (regular and bold), no web fonts.

Parsed once per process (`documents.pdf.engine`). Fixed widths everywhere: WeasyPrint then lays
each text out once, instead of measuring content to size columns and floats.
"""

STYLE = """
@page {
    size: A4; margin: 15mm 16mm 20mm 16mm;
    @bottom-left { content: element(footer); vertical-align: top; width: 140mm; }
    @bottom-right { font-size: 7.5pt; color: #666; vertical-align: top; }
}
/* Unkerned text reads back as typed: kerned, "Tax" is extracted as "T ax". On the root, so the
   page's margin boxes inherit it (and the one font family) too. */
html { font-family: sans-serif; font-size: 9pt; color: #222; font-kerning: none; line-height: 1.35; }
body { margin: 0; }
.footer { position: running(footer); font-size: 7.5pt; color: #666; }
.fingerprint { font-size: 6pt; color: #999; }
.watermark {
    position: fixed; top: 100mm; left: 0; width: 178mm; text-align: center;
    font-size: 80pt; font-weight: bold; color: #f3dada; transform: rotate(-30deg); z-index: -1;
}
.top { margin-bottom: 6mm; }
.brand, .heading, .party { display: inline-block; vertical-align: top; }
.brand { width: 78mm; }
.logo { max-width: 60mm; max-height: 22mm; }
.heading { width: 99mm; text-align: right; }
h1 { font-size: 16pt; margin: 0 0 1mm 0; font-weight: bold; line-height: 1.2; }
.mark {
    float: right; border: 1.2pt solid #b00; color: #b00; font-weight: bold;
    padding: 0 2mm; margin: 0 0 1.5mm 4mm;
}
.details { clear: right; }
.k, .v { white-space: pre-line; }
.details .k { float: left; width: 54mm; color: #666; }
.details .v { float: right; width: 42mm; white-space: pre; }
.parties { margin-bottom: 6mm; }
.party { width: 88mm; white-space: pre-line; }
.label { color: #666; font-size: 7.5pt; }
.subject { font-weight: bold; margin-bottom: 2mm; }
table.items { width: 100%; table-layout: fixed; border-collapse: collapse; }
table.items th { text-align: left; font-weight: bold; border-bottom: 0.75pt solid #888; padding: 1mm; }
table.items td { padding: 0.5mm 1mm; vertical-align: top; }
table.items tr { break-inside: avoid; }
col.type { width: 16%; }
col.quantity { width: 13%; }
col.price { width: 14%; }
col.amount { width: 15%; }
.quantity, .price, .amount { text-align: right; }
table.items th.quantity, table.items th.price, table.items th.amount { text-align: right; }
.totals { width: 90mm; margin: 4mm 0 0 auto; break-inside: avoid; line-height: 1.6; }
.totals .k, .totals .v { display: inline-block; vertical-align: top; text-align: right; }
.totals .k { width: 58mm; }
.totals .v { width: 31mm; }
/* A rule over the bold lines, the width of the cell: a border on the inline box itself. */
.strong { border-top: 0.75pt solid #888; padding-top: 0.3mm; }
.note { margin-top: 5mm; break-inside: avoid; white-space: pre-line; }
"""
