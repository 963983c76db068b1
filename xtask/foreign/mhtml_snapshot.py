"""Saves a page as MHTML the way Chromium's "Save as… Webpage, Single File"
does: Page.captureSnapshot over the DevTools protocol (headless Chromium,
a throw-away profile). Usage: mhtml_snapshot.py PAGE.html OUT.mhtml
Needs chromium and python3 with websocket-client (pip install websocket-client)."""
import json, subprocess, sys, time, urllib.request, websocket, os, tempfile
page, out = sys.argv[1], sys.argv[2]
port = 9333
prof = tempfile.mkdtemp()
p = subprocess.Popen(["chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
                      f"--remote-debugging-port={port}", f"--user-data-dir={prof}",
                      "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    for _ in range(100):
        try:
            tabs = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json"))
            break
        except Exception:
            time.sleep(0.1)
    ws = websocket.create_connection(tabs[0]["webSocketDebuggerUrl"])
    n = 0
    def call(method, **params):
        global n
        n += 1
        ws.send(json.dumps({"id": n, "method": method, "params": params}))
        while True:
            m = json.loads(ws.recv())
            if m.get("id") == n:
                return m.get("result")
    call("Page.enable")
    call("Page.navigate", url="file://" + os.path.abspath(page))
    time.sleep(1.5)
    r = call("Page.captureSnapshot", format="mhtml")
    open(out, "w", newline="").write(r["data"])
finally:
    p.kill()
    p.wait()
