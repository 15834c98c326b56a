#!/usr/bin/env python3
"""The workbench in a real browser: Debian's chromium driven by Selenium.

Starts `muster serve` on a free loopback port, then, as a planner would:
opens the page and audits it with axe-core (no serious or critical
violation); checks that Run is on screen; runs Beilun; uses only the first
section of the form ("The decisions"): types a bad volunteer count in the
law picker and sees the message beside the field, then none, runs again and
sees the median change; downloads report.html, summary.json, scenario.yaml
and run.zip and checks that the report's figures are the screen's; pastes
more than 512 KiB and sees why it is refused; compares Beilun 2019 with
Beilun today; looks at the page 420 px wide. Then, as an attacker would: a
page on another port posts to the workbench (it must not take the queue),
and a DNS-rebinding name is refused. Last, Ctrl-C mid-run: the server stops
within a second and the page says the workbench stopped.

Screenshots go to .build-browser-artifacts/ (CI keeps them). The downloaded
scenario must reproduce the page's summary.json byte for byte with
`muster run`.

Needs chromium and chromium-driver (apt), selenium and axe-playwright-python
(PyPI, for the axe-core script it ships; installed with --no-deps into
.build/browser-venv when missing). Nothing else is downloaded at run time.

    python3 scripts/browser-test.py --binary .build/release/muster   # or: make browser-test
"""
import argparse
import filecmp
import os
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".build", "browser-venv")
ARTIFACTS = os.path.join(ROOT, ".build-browser-artifacts")


def ensure_packages():
    try:
        import selenium  # noqa: F401
        import axe_playwright_python  # noqa: F401
        return
    except ImportError:
        pass
    if os.environ.get("MUSTER_BROWSER_VENV") == "1":
        sys.exit("browser-test: selenium or axe-playwright-python still missing inside the venv")
    py = os.path.join(VENV, "bin", "python")
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    if subprocess.run([py, "-c", "import selenium"], capture_output=True).returncode != 0:
        print("browser-test: installing selenium into .build/browser-venv", flush=True)
        subprocess.run([py, "-m", "pip", "install", "--quiet", "selenium>=4.20"], check=True)
    if subprocess.run([py, "-c", "import axe_playwright_python"], capture_output=True).returncode != 0:
        # Only its copy of axe-core's script is used (Selenium drives the browser):
        # no Playwright, no browser download.
        print("browser-test: installing axe-playwright-python (axe-core) into .build/browser-venv", flush=True)
        subprocess.run([py, "-m", "pip", "install", "--quiet", "--no-deps", "axe-playwright-python==0.1.8"], check=True)
    env = dict(os.environ, MUSTER_BROWSER_VENV="1")
    os.execve(py, [py] + sys.argv, env)


def axe_script():
    """axe-core's browser script, as the PyPI package ships it (no import of the package itself)."""
    import importlib.util
    spec = importlib.util.find_spec("axe_playwright_python")
    return open(os.path.join(os.path.dirname(spec.origin), "axe.min.js"), encoding="utf-8").read()


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what):
        if ok:
            self.passed += 1
            print(f"ok: {what}", flush=True)
        else:
            self.failed += 1
            print(f"FAILED: {what}", flush=True)


def start_server(binary):
    proc = subprocess.Popen([binary, "serve", "--port", "0", "--scenarios", "scenarios"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if "http://" not in line:
        proc.kill()
        sys.exit(f"browser-test: the server did not start: {line}{proc.stderr.read()}")
    url = line[line.index("http://"):].split()[0]
    print(f"browser-test: server at {url}", flush=True)
    return proc, url


def browser(downloads):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    # rebind.test: a name that resolves to this machine, as a DNS-rebinding page's does.
    for a in ["--headless=new", "--window-size=1280,1800", "--disable-gpu", "--disable-dev-shm-usage",
              "--host-resolver-rules=MAP rebind.test 127.0.0.1"]:
        opts.add_argument(a)
    if os.geteuid() == 0:
        opts.add_argument("--no-sandbox")
    opts.add_experimental_option("prefs", {"download.default_directory": downloads,
                                           "download.prompt_for_download": False})
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(service=service, options=opts)


EVIL_PAGE = """<!DOCTYPE html><html><body><h1>Another site</h1><script>
// What a page on another site can send without asking: text/plain and form
// posts, with the visitor's cookies. None may start a run.
const target = "%s";
const body = JSON.stringify({scenario: {yaml: "", source: "lingfeng.yaml"}, replications: 2000, seed: "1"});
for (let i = 0; i < 5; i++) {
  fetch(target + "api/runs", {method: "POST", mode: "no-cors", credentials: "include",
                              headers: {"Content-Type": "text/plain"}, body});
}
const f = document.createElement("form");
f.method = "POST"; f.action = target + "api/runs"; f.enctype = "text/plain"; f.target = "sink";
const i = document.createElement("input"); i.name = body.slice(0, -1) + ',"x":"'; i.value = '"}';
f.appendChild(i); document.body.appendChild(f);
const sink = document.createElement("iframe"); sink.name = "sink"; document.body.appendChild(sink);
f.submit();
setTimeout(() => { document.title = "sent"; }, 1500);
</script></body></html>"""


def serve_evil_page(url):
    """A page on another port of this machine (another origin) that attacks the workbench."""
    import http.server
    import threading
    page = (EVIL_PAGE % url).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "muster"))
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    ensure_packages()
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    os.makedirs(ARTIFACTS, exist_ok=True)
    for f in os.listdir(ARTIFACTS):
        os.remove(os.path.join(ARTIFACTS, f))
    downloads = tempfile.mkdtemp(prefix="muster-browser-")
    checks = Checks()
    server, url = start_server(binary)
    port = url.rstrip("/").rsplit(":", 1)[1]
    driver = browser(downloads)
    wait = WebDriverWait(driver, 60)
    el = lambda i: driver.find_element(By.ID, i)  # noqa: E731
    axe = axe_script()

    def shot(name):
        path = os.path.join(ARTIFACTS, name)
        # The whole page: as tall as its content.
        height = driver.execute_script("return document.documentElement.scrollHeight")
        width = driver.get_window_size()["width"]
        driver.set_window_size(width, min(max(height + 140, 800), 12000))
        driver.save_screenshot(path)
        driver.set_window_size(width, 1800 if width > 600 else 900)
        print(f"browser-test: screenshot {os.path.relpath(path, ROOT)}", flush=True)

    def audit(what):
        """axe-core on the page as it stands: no serious or critical violation."""
        driver.execute_script(axe)
        result = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations']}).then((r) => done(r.violations.map("
            "(v) => ({id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help}))));")
        bad = [v for v in result if v["impact"] in ("serious", "critical")]
        for v in result:
            print(f"browser-test: axe {v['impact']}: {v['id']} ({v['nodes']} elements): {v['help']}", flush=True)
        checks.check(not bad, f"axe-core finds no serious or critical violation {what} ({len(result)} lesser)")

    def run_and_wait():
        el("run").click()
        wait.until(lambda d: el("status").text.startswith(("done", "failed", "cancelled", "lost", "The workbench")))
        wait.until(lambda d: d.find_elements(By.ID, "p2p-order-p50"))
        return el("p2p-order-p50").text, el("status").text

    def fetch(path):
        return driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "fetch(arguments[0]).then((r) => r.text()).then(done, (e) => done('FAILED ' + e));", path)

    def figure_texts(html):
        """The text of every figure of an HTML document, read by the browser."""
        return driver.execute_script(
            "const d = new DOMParser().parseFromString(arguments[0], 'text/html');"
            "return Array.from(d.querySelectorAll('figure svg')).map((s) => s.textContent);", html)

    try:
        driver.get(url)
        wait.until(lambda d: el("f-team-volunteers").get_attribute("value") != "")
        checks.check(el("f-team-volunteers").get_attribute("value") == "{dist: poisson, mean: 3}",
                     "beilun.yaml's volunteers are in the form")
        checks.check(Select(el("f-team-volunteers-law")).first_selected_option.text == "poisson"
                     and el("f-team-volunteers-mean").get_attribute("value") == "3",
                     "the volunteers show as a law (poisson) and its mean (3)")
        offered = [o.get_attribute("value") for o in Select(el("source")).options]
        checks.check("typhoon.yaml" not in offered and "erlang-c.yaml" not in offered and "beilun.yaml" in offered,
                     f"only scenarios the workbench runs are offered ({', '.join(o for o in offered if o)})")
        in_view = driver.execute_script(
            "const r = document.getElementById('run').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;")
        checks.check(in_view, "Run is on screen without scrolling")
        checks.check(not el("advanced").get_attribute("open"), "the advanced values are folded away")
        audit("on the form")
        shot("01-scenario-form.png")

        started = time.time()
        first, status = run_and_wait()
        took = time.time() - started
        checks.check(status.startswith("done"), f"a 20-replication Beilun run finished ({status}, {took:.1f} s in the browser)")
        checks.check("shaded-hours" in driver.page_source, "figures have clock-time axes with office hours shaded")
        audit("with a result")
        shot("02-results-clock-time.png")

        # Only the first section: volunteers, through the law picker.
        Select(el("f-team-volunteers-law")).select_by_visible_text("exactly")
        box = el("f-team-volunteers-value")
        box.clear()
        box.send_keys("-1")
        wait.until(lambda d: "team.volunteers" in el("msg-f-team-volunteers").text)
        message = el("msg-f-team-volunteers").text
        checks.check(message.startswith("team.volunteers:") and "--set" not in message,
                     f"a bad value is explained beside its field, without command-line words: {message}")
        checks.check(box.get_attribute("aria-invalid") == "true", "the bad field is marked aria-invalid")
        checks.check(not el("run").is_enabled(), "Run is disabled while the scenario has problems")
        shot("03-validation-message.png")

        box.clear()
        box.send_keys("0")
        wait.until(lambda d: el("msg-f-team-volunteers").text == "" and el("run").is_enabled())
        checks.check(el("f-team-volunteers").get_attribute("value") == "0", "the picker writes the scenario's text (0)")
        second, status = run_and_wait()
        wait.until(lambda d: el("p2p-order-p50").text != first)
        second = el("p2p-order-p50").text
        checks.check(second != first and float(second) > float(first),
                     f"without volunteers the p2p median rises ({first} h -> {second} h)")
        checks.check(not el("advanced").get_attribute("open"), "the run used the first section only")

        # What is downloaded is what is on screen.
        wait.until(lambda d: d.find_elements(By.ID, "dl-zip"))
        report = fetch(el("dl-report").get_attribute("href"))
        shown = driver.execute_script(
            "return Array.from(document.querySelectorAll('#results figure svg')).map((s) => s.textContent);")
        saved = figure_texts(report)
        checks.check(len(shown) >= 4 and shown == saved,
                     f"report.html has the screen's {len(shown)} figures, with the same axes ({len(saved)} in the file)")
        checks.check(".svg\"" not in report and "<link" not in report, "report.html is self-contained")
        for link in ["dl-summary", "dl-scenario", "dl-zip", "dl-replications-csv"]:
            el(link).click()
        names = ["summary.json", "scenario.yaml", "run.zip", "replications.csv"]
        deadline = time.time() + 30
        while time.time() < deadline and not all(os.path.exists(os.path.join(downloads, n)) for n in names):
            time.sleep(0.2)
        for n in names:
            checks.check(os.path.exists(os.path.join(downloads, n)), f"{n} downloaded")
        try:
            import zipfile
            with zipfile.ZipFile(os.path.join(downloads, "run.zip")) as z:
                members = [m.split("/", 1)[1] for m in z.namelist()]
                summary_in_zip = z.read(next(m for m in z.namelist() if m.endswith("/summary.json")))
                ok = z.testzip() is None
            checks.check(ok and {"report.html", "summary.json", "replications.csv", "coverage.csv", "phases.csv",
                                 "scenario.yaml", "manifest.json"} <= set(members),
                         f"run.zip holds the run's folder ({len(members)} files)")
            checks.check(summary_in_zip == open(os.path.join(downloads, "summary.json"), "rb").read(),
                         "run.zip's summary.json is the one downloaded alone")
        except (OSError, StopIteration, zipfile.BadZipFile) as e:
            checks.check(False, f"run.zip opens: {e}")

        # The downloaded scenario reproduces the page's numbers with `muster run`.
        out = tempfile.mkdtemp(prefix="muster-rerun-")
        rerun = subprocess.run([binary, "run", os.path.join(downloads, "scenario.yaml"), "--out",
                                os.path.join(out, "run"), "--quiet"], capture_output=True, text=True)
        checks.check(rerun.returncode == 0, f"muster run scenario.yaml succeeded {rerun.stderr.strip()}")
        same = rerun.returncode == 0 and filecmp.cmp(os.path.join(downloads, "summary.json"),
                                                     os.path.join(out, "run", "summary.json"), shallow=False)
        checks.check(same, "muster run of the downloaded scenario.yaml reproduces summary.json byte for byte")
        shot("04-results-without-volunteers.png")

        # A pasted scenario over 512 KiB: refused, and the page says why.
        driver.execute_script("document.getElementById('yaml-box').open = true;"
                              "document.getElementById('yaml').value = 'name: big\\n' + '# padding\\n'.repeat(60000);")
        el("use-yaml").click()
        wait.until(lambda d: el("problems").text != "")
        checks.check("larger than" in el("problems").text, f"an oversized paste is refused with its reason: {el('problems').text}")

        # Beilun 2019 against Beilun today.
        Select(el("source")).select_by_value("beilun-2019.yaml")
        wait.until(lambda d: el("variant-label").get_attribute("value") == "beilun-2019")
        el("variant-label").clear()
        el("variant-label").send_keys("Beilun 2019")
        el("add-variant").click()
        Select(el("source")).select_by_value("beilun.yaml")
        wait.until(lambda d: el("variant-label").get_attribute("value") == "beilun")
        el("variant-label").clear()
        el("variant-label").send_keys("Beilun today")
        el("add-variant").click()
        wait.until(lambda d: el("compare").is_enabled())
        el("compare").click()
        wait.until(lambda d: d.find_elements(By.ID, "verdicts") and d.find_elements(By.ID, "cdl-zip"))
        verdicts = el("verdicts").text
        checks.check("Beilun today vs Beilun 2019 (tiered)" in verdicts and "Beilun today vs Beilun 2019 (p2p)" in verdicts,
                     "the comparison gives a verdict per mode")
        checks.check(bool(driver.find_elements(By.ID, "cdl-differences-csv")), "the comparison offers its files and zip")
        print("browser-test: verdicts:\n  " + verdicts.replace("\n", "\n  "), flush=True)
        driver.execute_script("document.getElementById('compare-section').scrollIntoView()")
        shot("05-compare-2019-vs-today.png")

        # A phone: the page and its figures fit 420 px; tables scroll.
        driver.set_window_size(420, 900)
        driver.get(url)
        wait.until(lambda d: el("f-team-volunteers").get_attribute("value") != "")
        run_and_wait()
        overflow = driver.execute_script("return document.documentElement.scrollWidth")
        checks.check(overflow <= 420, f"nothing is wider than a 420 px phone (page width {overflow} px)")
        shot("06-phone-420px.png")
        driver.set_window_size(1280, 1800)

        # Another site's page: its posts are refused, so they take no place in the queue.
        evil, evil_url = serve_evil_page(url)
        driver.get(evil_url)
        wait.until(lambda d: d.title == "sent")
        evil.shutdown()
        driver.get(url)
        wait.until(lambda d: el("f-team-volunteers").get_attribute("value") != "")
        el("run").click()
        wait.until(lambda d: el("status").text.startswith(("running", "done", "waiting", "the workbench is busy")))
        status = el("status").text
        checks.check(not status.startswith(("waiting", "the workbench is busy")),
                     f"six cross-site posts from another port started nothing (the page's run: {status})")
        wait.until(lambda d: el("status").text.startswith(("done", "failed", "cancelled")))

        # DNS rebinding: the page under another name is refused.
        driver.get(f"http://rebind.test:{port}/")
        body = driver.find_element(By.TAG_NAME, "body").text
        checks.check("does not answer to the name" in body and "Muster workbench" not in driver.title,
                     "the workbench refuses a DNS-rebinding name")

        # Ctrl-C mid-run: the server stops within a second, and the page says so.
        driver.get(url)
        wait.until(lambda d: el("f-team-volunteers").get_attribute("value") != "")
        el("replications").clear()
        el("replications").send_keys("2000")
        el("run").click()
        wait.until(lambda d: el("status").text.startswith("running: ") and not el("status").text.startswith("running: 0 "))
        sent = time.time()
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
        stop_took = time.time() - sent
        checks.check(server.returncode == 130 and stop_took < 1.5,
                     f"Ctrl-C mid-run stops the server in {stop_took:.2f} s (exit {server.returncode})")
        wait.until(lambda d: "stopped" in el("status").text)
        checks.check(el("status").text.startswith("The workbench stopped"), f"the page says: {el('status').text}")
        checks.check(not el("run").is_enabled(), "a stopped workbench offers no Run")
        shot("07-workbench-stopped.png")
    finally:
        driver.quit()
        if server.poll() is None:
            server.send_signal(signal.SIGINT)
        try:
            out, _ = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            out = ""
    checks.check(server.returncode == 130 and "stopped" in (out or ""),
                 f"Ctrl-C stops the server cleanly (exit {server.returncode})")
    print(f"browser-test: {checks.passed} passed, {checks.failed} failed")
    print(f"{checks.passed} passed, {checks.failed} failed")
    sys.exit(1 if checks.failed else 0)


if __name__ == "__main__":
    main()
