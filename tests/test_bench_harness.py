"""The benchmark harness reads wrk and pgbench output correctly and computes ratios to the baseline."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from harness import Result, parse_pgbench, parse_wrk, ratio, table

WRK = """Running 10s test @ http://127.0.0.1:8100/bench/hello
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.16ms    1.02ms  21.33ms   85.10%
    Req/Sec     1.88k   155.32     2.10k    72.00%
  Latency Distribution
     50%  584.00us
     75%    2.60ms
     90%    3.46ms
     99%    5.84ms
  37441 requests in 10.01s, 6.03MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:   3738.41
Transfer/sec:    616.78KB
"""

PGBENCH = """pgbench (15.8 (Debian 15.8-0+deb12u1))
transaction type: /tmp/x.sql
scaling factor: 1
query mode: simple
number of clients: 8
number of threads: 2
maximum number of tries: 1
duration: 3 s
number of transactions actually processed: 340101
number of failed transactions: 0 (0.000%)
latency average = 0.070 ms
initial connection time = 9.857 ms
tps = 113367.115 (without initial connection time)
"""


def test_it_reads_rate_percentiles_and_errors_from_wrk():
    data = parse_wrk(WRK)
    assert data["rps"] == pytest.approx(3738.41)
    assert data["requests"] == 37441
    assert data["avg_ms"] == pytest.approx(2.16)
    assert data["p50_ms"] == pytest.approx(0.584)
    assert data["p90_ms"] == pytest.approx(3.46)
    assert data["p99_ms"] == pytest.approx(5.84)
    assert data["errors"] == 2 + 1 + 4


def test_it_refuses_wrk_output_without_a_rate():
    with pytest.raises(ValueError, match="Requests/sec"):
        parse_wrk("unable to connect to 127.0.0.1:8100 Connection refused")


def test_it_reads_pgbench_output():
    data = parse_pgbench(PGBENCH)
    assert data["rps"] == pytest.approx(113367.115)
    assert data["avg_ms"] == pytest.approx(0.070)
    assert data["requests"] == 340101
    assert data["errors"] == 0


def test_it_puts_each_result_beside_its_baseline_as_a_ratio():
    hello = Result("hello", 4000.0, baseline=None)
    home = Result("home page", 1000.0)
    sql = Result("booking sql", 8000.0, tool="pgbench", baseline=None)
    view = Result("booking view", 2000.0, baseline="booking sql")
    results = [hello, home, sql, view]
    assert ratio(hello, results) is None
    assert ratio(home, results) == pytest.approx(0.25)
    assert ratio(view, results) == pytest.approx(0.25)
    text = table(results)
    assert "| home page | wrk | 1,000 | 0.25 x hello |" in text
    assert "0.25 x booking sql" in text
