"""The console channel: one safe line per alert."""

from __future__ import annotations

import io

from faceleak.alerts import deliver_pending, raise_alerts
from faceleak.alerts.channels.console import ConsoleChannel


def test_console_prints_one_line_stripped_of_terminal_escapes(factory, kit):
    cfg = kit.config(kit.rule(channels=["term"]))
    with factory() as session:
        listing = kit.add_listing(
            session, title="\x1b[2J\x1b]0;owned\x07faces\u202eexe.txt\r\nmore\x9b31m",
            url="https://t.me/s/x/1\x1b[8m",
        )
        [alert] = raise_alerts(session, kit.new_change(listing), cfg, now=kit.T0)
        session.commit()
        alert_id = alert.id
    stream = io.StringIO()
    term = ConsoleChannel(kit.console_channel("term"), stream=stream)
    report = deliver_pending(factory, cfg, now=kit.T0, channels={"term": term})
    output = stream.getvalue()
    assert report.sent == 1
    assert output.count("\n") == 1 and output.endswith("\n")
    assert output.startswith(f"[high] new_offer #{alert_id} (r1): New offer on tg-market")
    assert "facesexe.txt more" in output and "<https://t.me/s/x/1>" in output
    assert not any(ch in output for ch in "\x1b\x07\x9b\r\u202e") and "owned" not in output


def test_console_writes_to_stderr_by_default(factory, kit, capsys):
    cfg = kit.config(kit.rule(channels=["term"]))
    with factory() as session:
        raise_alerts(session, kit.new_change(kit.add_listing(session)), cfg, now=kit.T0)
        session.commit()
    deliver_pending(factory, cfg, now=kit.T0)
    captured = capsys.readouterr()
    assert captured.out == "" and "new_offer" in captured.err
