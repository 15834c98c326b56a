#!/usr/bin/env python3
"""The workbench in a real browser: Debian's chromium driven by Selenium.

Starts `muster serve` on a free loopback port, then, as a planner would:
opens the page, runs Beilun, types a bad volunteer count and sees the
message beside the field, changes the volunteers, runs again and sees the
median change, downloads report.html, summary.json and scenario.yaml,
compares Beilun 2019 with Beilun today, and looks at the page 420 px wide.
Screenshots go to .build-browser-artifacts/ (CI keeps them). The downloaded
scenario must reproduce the page's summary.json byte for byte with
`muster run`. Ctrl-C (SIGINT) must stop the server cleanly.

Needs chromium and chromium-driver (apt) and selenium (PyPI; installed into
.build/browser-venv when missing). Nothing is downloaded at run time:
the browser and its driver are Debian's.

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


def ensure_selenium():
    try:
        import selenium  # noqa: F401
        return
    except ImportError:
        pass
    if os.environ.get("MUSTER_BROWSER_VENV") == "1":
        sys.exit("browser-test: selenium still missing inside the venv")
    py = os.path.join(VENV, "bin", "python")
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    if subprocess.run([py, "-c", "import selenium"], capture_output=True).returncode != 0:
        print("browser-test: installing selenium into .build/browser-venv", flush=True)
        subprocess.run([py, "-m", "pip", "install", "--quiet", "selenium>=4.20"], check=True)
    env = dict(os.environ, MUSTER_BROWSER_VENV="1")
    os.execve(py, [py] + sys.argv, env)


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
    for a in ["--headless=new", "--window-size=1280,1800", "--disable-gpu", "--disable-dev-shm-usage"]:
        opts.add_argument(a)
    if os.geteuid() == 0:
        opts.add_argument("--no-sandbox")
    opts.add_experimental_option("prefs", {"download.default_directory": downloads,
                                           "download.prompt_for_download": False})
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(service=service, options=opts)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "muster"))
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    ensure_selenium()
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    os.makedirs(ARTIFACTS, exist_ok=True)
    for f in os.listdir(ARTIFACTS):
        os.remove(os.path.join(ARTIFACTS, f))
    downloads = tempfile.mkdtemp(prefix="muster-browser-")
    checks = Checks()
    server, url = start_server(binary)
    driver = browser(downloads)
    wait = WebDriverWait(driver, 60)
    el = lambda i: driver.find_element(By.ID, i)  # noqa: E731

    def shot(name):
        path = os.path.join(ARTIFACTS, name)
        # The whole page: as tall as its content.
        height = driver.execute_script("return document.documentElement.scrollHeight")
        width = driver.get_window_size()["width"]
        driver.set_window_size(width, min(max(height + 140, 800), 12000))
        driver.save_screenshot(path)
        print(f"browser-test: screenshot {os.path.relpath(path, ROOT)}", flush=True)

    def run_and_wait():
        el("run").click()
        wait.until(lambda d: el("status").text.startswith(("done", "failed", "cancelled", "lost")))
        wait.until(lambda d: d.find_elements(By.ID, "p2p-order-p50"))
        return el("p2p-order-p50").text, el("status").text

    try:
        driver.get(url)
        wait.until(lambda d: el("f-team-volunteers").get_attribute("value") != "")
        checks.check(el("f-team-volunteers").get_attribute("value") == "{dist: poisson, mean: 3}",
                     "beilun.yaml's volunteers are in the form")
        shot("01-scenario-form.png")

        started = time.time()
        first, status = run_and_wait()
        took = time.time() - started
        checks.check(status.startswith("done"), f"a 20-replication Beilun run finished ({status}, {took:.1f} s in the browser)")
        checks.check("shaded-hours" in driver.page_source, "figures have clock-time axes with office hours shaded")
        shot("02-results-clock-time.png")

        box = el("f-team-volunteers")
        box.clear()
        box.send_keys("-1")
        wait.until(lambda d: "team.volunteers" in el("msg-f-team-volunteers").text)
        message = el("msg-f-team-volunteers").text
        checks.check(message.startswith("--set: team.volunteers:"), f"a bad value is explained beside its field: {message}")
        checks.check(not el("run").is_enabled(), "Run is disabled while the scenario has problems")
        shot("03-validation-message.png")

        box.clear()
        box.send_keys("0")
        wait.until(lambda d: el("msg-f-team-volunteers").text == "" and el("run").is_enabled())
        second, status = run_and_wait()
        wait.until(lambda d: el("p2p-order-p50").text != first)
        second = el("p2p-order-p50").text
        checks.check(second != first and float(second) > float(first),
                     f"without volunteers the p2p median rises ({first} h -> {second} h)")

        for link in ["dl-report", "dl-summary", "dl-scenario"]:
            el(link).click()
        names = ["report.html", "summary.json", "scenario.yaml"]
        deadline = time.time() + 30
        while time.time() < deadline and not all(os.path.exists(os.path.join(downloads, n)) for n in names):
            time.sleep(0.2)
        for n in names:
            checks.check(os.path.exists(os.path.join(downloads, n)), f"{n} downloaded")
        report = open(os.path.join(downloads, "report.html"), encoding="utf-8").read() \
            if os.path.exists(os.path.join(downloads, "report.html")) else ""
        checks.check("completion-cdf" in report and "<html" in report, "report.html holds the report")

        # The downloaded scenario reproduces the page's numbers with `muster run`.
        out = tempfile.mkdtemp(prefix="muster-rerun-")
        rerun = subprocess.run([binary, "run", os.path.join(downloads, "scenario.yaml"), "--out",
                                os.path.join(out, "run"), "--quiet"], capture_output=True, text=True)
        checks.check(rerun.returncode == 0, f"muster run scenario.yaml succeeded {rerun.stderr.strip()}")
        same = rerun.returncode == 0 and filecmp.cmp(os.path.join(downloads, "summary.json"),
                                                     os.path.join(out, "run", "summary.json"), shallow=False)
        checks.check(same, "muster run of the downloaded scenario.yaml reproduces summary.json byte for byte")
        shot("04-results-without-volunteers.png")

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
        wait.until(lambda d: d.find_elements(By.ID, "verdicts"))
        verdicts = el("verdicts").text
        checks.check("Beilun today vs Beilun 2019 (tiered)" in verdicts and "Beilun today vs Beilun 2019 (p2p)" in verdicts,
                     "the comparison gives a verdict per mode")
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
        driver.set_window_size(420, 900)
        shot("06-phone-420px.png")
    finally:
        driver.quit()
        server.send_signal(signal.SIGINT)
        try:
            out, _ = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            out = ""
    checks.check(server.returncode == 0 and "stopped" in (out or ""),
                 f"Ctrl-C stops the server cleanly (exit {server.returncode})")
    print(f"browser-test: {checks.passed} passed, {checks.failed} failed")
    print(f"{checks.passed} passed, {checks.failed} failed")
    sys.exit(1 if checks.failed else 0)


if __name__ == "__main__":
    main()
