"""A test SMTP server's handler: saves every message it receives to a folder.

Run with Debian's python3-aiosmtpd (tests/e2e/mail_lib.sh does this):
    PYTHONPATH=tests/e2e python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c smtp_sink.SaveToFolder DIR
Each message becomes DIR/NNNN.eml (the DATA as received, CRLF line ends) and DIR/NNNN.rcpt (the
envelope sender and recipients, one per line). Files are written under a temporary name and
renamed, so a reader never sees half a message.
"""

import os


class SaveToFolder:
    def __init__(self, folder):
        self.folder = folder
        os.makedirs(folder, exist_ok=True)

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("SaveToFolder needs one argument: the folder")
        return cls(args[0])

    def _write(self, name, data):
        tmp = os.path.join(self.folder, "." + name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(data)
        os.rename(tmp, os.path.join(self.folder, name))

    async def handle_DATA(self, server, session, envelope):
        n = len([f for f in os.listdir(self.folder) if f.endswith(".eml")]) + 1
        stem = "%04d" % n
        envelope_lines = [envelope.mail_from] + list(envelope.rcpt_tos)
        self._write(stem + ".rcpt", ("\n".join(envelope_lines) + "\n").encode())
        self._write(stem + ".eml", envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"
