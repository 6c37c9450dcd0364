#!/usr/bin/env python3
"""Times a 10,000-row listing import through the real server and samples storefront search latency meanwhile.

Usage: python3 end2end/tools/import_bench.py http://127.0.0.1:3000  (a server with the demo data; signs in as the
demo seller; standard library only). Each run imports 5,000 new draft listings."""
import random, http.cookiejar, json, statistics, sys, threading, time, urllib.parse, urllib.request

base = sys.argv[1]
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
form = urllib.parse.urlencode({"email": "seller@bazaar.test", "password": "seller-demo-2026"}).encode()
opener.open(base + "/api/accounts/sign_in", form).read()
categories = json.load(urllib.request.urlopen(base + "/api/v1/categories"))
slug = categories[0]["children"][0]["slug"]
rows = ["listing,title,description,category,sku,price,stock,colour,size,material,capacity,pattern,warranty_months"]
for n in range(5000):
    rows.append(f"bench2-{n},Bench lamp {n},\"A brass lamp, number {n}, with a linen shade.\",{slug},BL{n}-S,{n % 90 + 10}.50,5,Sage,,Brass,,,12")
    rows.append(f"bench2-{n},,,,BL{n}-N,{n % 90 + 12}.00,3,Navy,,,,,")
body = "\n".join(rows).encode()

latencies, stop = [], threading.Event()
def storefront():
    while not stop.is_set():
        t = time.perf_counter()
        urllib.request.urlopen(base + f"/api/v1/products?q=lamp&currency=USD&min_price={random.randint(1, 10**6)}").read()
        latencies.append((time.perf_counter() - t) * 1000)
baseline = []
for _ in range(50):
    t = time.perf_counter(); urllib.request.urlopen(base + f"/api/v1/products?q=lamp&currency=USD&min_price={random.randint(1, 10**6)}").read(); baseline.append((time.perf_counter() - t) * 1000)

worker = threading.Thread(target=storefront); worker.start()
start = time.perf_counter()
request = urllib.request.Request(base + "/api/v1/seller/imports?name=bench.csv", body, {"content-type": "text/csv"})
status = json.load(opener.open(request))
accepted = time.perf_counter() - start
while status["state"] != "done":
    time.sleep(0.2)
    status = json.load(opener.open(base + f"/api/v1/seller/imports/{status['id']}"))
total = time.perf_counter() - start
stop.set(); worker.join()
q = lambda xs, p: sorted(xs)[min(len(xs) - 1, int(len(xs) * p))]
print(f"rows {len(rows)-1}, listings {status['listings_done']}/{status['listings_total']}, bytes {len(body)}")
print(f"upload+check answered in {accepted*1000:.0f} ms; all listings created in {total:.2f} s ({status['listings_done']/total:.0f} listings/s)")
print(f"storefront search before: p50 {q(baseline,.5):.1f} ms p99 {q(baseline,.99):.1f} ms; during: n={len(latencies)} p50 {q(latencies,.5):.1f} ms p99 {q(latencies,.99):.1f} ms max {max(latencies):.1f} ms")
