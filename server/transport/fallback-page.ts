/**
 * A minimal page served at `/` when the dashboard is not built (ui/ missing
 * or its build failed): it connects to /live and prints the angles, so that
 * the monitor is usable and testable without the dashboard.
 */
export const FALLBACK_PAGE = `<!doctype html><meta charset="utf-8"><title>Sagitta monitor</title>
<style>body{font:16px system-ui;background:#111;color:#eee;margin:2em}td{padding:2px 12px}.notice{color:#fb0}</style>
<h1>Sagitta monitor</h1><p class="notice" id="notice"></p><p id="status">connecting…</p><table id="angles"></table><img id="preview">
<script>
const tok = new URLSearchParams(location.search).get('token');
function connect() {
  const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/live' + (tok ? '?token=' + encodeURIComponent(tok) : ''));
  ws.onmessage = (e) => {
    const m = JSON.parse(e.data);
    if (m.type === 'status') { document.getElementById('status').textContent = m.source + ': ' + m.sourceState + ', ' + m.fps.toFixed(1) + ' fps, ' + Math.round(m.latencyMs) + ' ms'; document.getElementById('notice').textContent = m.model.notice || ''; }
    if (m.type === 'measurement') document.getElementById('angles').innerHTML = Object.entries(m.angles).filter(([k]) => !k.startsWith('disc:')).map(([k, a]) => '<tr><td>' + k + '</td><td>' + (a.value === null ? '— (' + a.reason + ')' : a.value.toFixed(1) + '° ± ' + a.sd.toFixed(1)) + '</td></tr>').join('');
    if (m.type === 'preview') document.getElementById('preview').src = m.image;
  };
  ws.onclose = () => setTimeout(connect, 1000);
}
connect();
</script>`;
