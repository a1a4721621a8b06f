// The page's one inline stylesheet (its sha256 is in the CSP). System fonts only: nothing fetched.
export const HTML_STYLE = `
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;--red:#b3261e;--ok:#116329;--warn:#7d4e00}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header,main{padding:12px 20px}
header{border-bottom:1px solid var(--line);background:var(--soft)}
h1{font-size:20px;margin:0 0 4px}
h2{font-size:16px;margin:18px 0 8px}
.meta{color:var(--muted);margin:0}
.banner{margin:12px 0 0;padding:10px 12px;border:2px solid var(--red);background:#ffebe9;color:#5c0000}
.banner.ok{border-color:var(--ok);background:#dafbe1;color:#04260f}
.banner ul{margin:6px 0 0;padding-left:20px;max-height:10em;overflow:auto}
.cards{display:flex;flex-wrap:wrap;gap:8px}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 12px;min-width:110px}
.card b{display:block;font-size:20px}
.sev-critical{color:#fff;background:#8b0000}.sev-high{color:#8b0000}.sev-medium{color:var(--warn)}.sev-low{color:#0a3069}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit}
tbody tr{cursor:pointer}
tbody tr:focus,tbody tr:hover{outline:2px solid #0969da;outline-offset:-2px;background:#ddf4ff}
tbody tr[aria-selected=true]{background:#ddf4ff}
.summaries{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:12px}
.summaries table{font-size:13px}
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:end;margin:8px 0}
.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--muted)}
.filters select,.filters input{font:inherit;padding:2px 4px}
.pager{display:flex;gap:8px;align-items:center;margin:8px 0}
.layout{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:16px}
#detail{border:1px solid var(--line);border-radius:6px;padding:10px 12px;align-self:start;position:sticky;top:8px;max-height:95vh;overflow:auto}
#detail dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 10px;margin:0}
#detail dt{color:var(--muted)}
#detail dd{margin:0;overflow-wrap:anywhere}
.evidence li{margin-bottom:6px;overflow-wrap:anywhere}
.status-fail{color:var(--red);font-weight:600}.status-pass{color:var(--ok)}.status-unknown{color:var(--warn)}
svg.path{max-width:100%;height:auto;display:block;margin:6px 0}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
@media (max-width:900px){.layout{grid-template-columns:1fr}}
`;
