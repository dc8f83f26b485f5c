"""Write the credentials file the Rasa server starts with, and say which channels it mounts.

`credentials.yml` is the base (REST and socket.io). The WeChat Official Account and WeCom
channels are added only when their token is set, so `make run` without WeChat settings starts
as before, and with them the channel reads the rest of its settings from the environment.

Usage: channel_credentials.py BASE OUT   (prints OUT; the report goes to stderr)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Mapping

# Environment variable that switches a channel on → (Rasa module path, label, URL path).
OPTIONAL_CHANNELS = {
    "WECHAT_TOKEN": ("channels.wechat.WeChatInput", "WeChat Official Account", "wechat"),
    "WECOM_TOKEN": ("channels.wechat.WeComInput", "WeCom app", "wecom"),
}


def effective_credentials(base: str, environment: Mapping[str, str]) -> tuple[str, list[str]]:
    """The credentials text and one line per optional channel saying whether it is mounted."""
    port = environment.get("RASA_PORT", "5005")
    report = []
    for variable, (channel, label, name) in OPTIONAL_CHANNELS.items():
        if environment.get(variable):
            base += f"\n# Added because {variable} is set; settings come from the environment.\n"
            base += f"{channel}:\n"
            report.append(f"{label}: http://localhost:{port}/webhooks/{name}/webhook")
        else:
            report.append(f"{label}: not mounted ({variable} is not set)")
    return base, report


def main(base_path: str, out_path: str) -> int:
    text, report = effective_credentials(Path(base_path).read_text(encoding="utf-8"), os.environ)
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    for line in report:
        print(line, file=sys.stderr)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
