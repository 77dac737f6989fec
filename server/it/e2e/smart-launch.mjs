// Drives one SMART App Launch against Fjord the way a person with a browser would, using the SMART
// project's JavaScript client (fhirclient) in a small test app and headless Chromium:
//   node smart-launch.mjs --chromium /usr/bin/chromium --iss http://localhost:8080/fhir --client-id app \
//     --scope "launch/patient patient/*.rs" --user pasient --password pasient [--launch X] [--other ID]
// Prints one JSON line with what the app saw after authorization; exit 0 when the app got that far.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const options = parse(process.argv.slice(2));
const files = {
  "/launch.html": path.join(here, "app", "launch.html"),
  "/index.html": path.join(here, "app", "index.html"),
  "/fhir-client.js": path.join(here, "node_modules", "fhirclient", "build", "fhir-client.js"),
};

const server = http.createServer((request, response) => {
  const file = files[new URL(request.url, "http://127.0.0.1").pathname];
  if (!file) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { "Content-Type": file.endsWith(".js") ? "text/javascript" : "text/html; charset=utf-8" });
  fs.createReadStream(file).pipe(response);
});
await new Promise(resolve => server.listen(0, "127.0.0.1", resolve));
const appRoot = `http://127.0.0.1:${server.address().port}`;

let browser;
const deadline = setTimeout(() => finish({ error: "timed out" }, 1), 120_000);
browser = await puppeteer.launch({
  executablePath: options.chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});

try {
  const page = await browser.newPage();
  const launch = new URL(`${appRoot}/launch.html`);
  launch.searchParams.set("iss", options.iss);
  launch.searchParams.set("client_id", options["client-id"]);
  launch.searchParams.set("scope", options.scope);
  if (options.launch) launch.searchParams.set("launch", options.launch);
  if (options.other) launch.searchParams.set("other", options.other);
  await page.goto(launch.toString());

  // The server's login page: fill it in as a person would.
  await page.waitForSelector("#username", { timeout: 60_000 });
  await page.type("#username", options.user);
  await page.type("#password", options.password);
  await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);

  // The consent page, when the app asks for approval: approve what is offered.
  if (await page.$("form[action='/oauth2/authorize'] button[type=submit]")) {
    await Promise.all([page.waitForNavigation(), page.click("form[action='/oauth2/authorize'] button[type=submit]")]);
  }

  await page.waitForFunction(() => document.getElementById("result")?.textContent.length > 0, { timeout: 60_000 });
  const report = JSON.parse(await page.$eval("#result", element => element.textContent));
  if (options.screenshot) await page.screenshot({ path: options.screenshot });
  finish(report, report.error ? 1 : 0);
} catch (error) {
  finish({ error: String(error) }, 1);
}

async function finish(report, status) {
  clearTimeout(deadline);
  process.stdout.write(JSON.stringify(report) + "\n");
  await browser?.close().catch(() => {});
  server.close();
  process.exit(status);
}

function parse(args) {
  const parsed = {};
  for (let i = 0; i < args.length; i += 2) {
    if (!args[i].startsWith("--") || args[i + 1] === undefined) throw new Error(`bad argument ${args[i]}`);
    parsed[args[i].slice(2)] = args[i + 1];
  }
  for (const required of ["chromium", "iss", "client-id", "scope", "user", "password"]) {
    if (!parsed[required]) throw new Error(`--${required} is required`);
  }
  return parsed;
}
