#!/usr/bin/python3
"""An ActiveSync device conversation against a running Bourse, encoded and decoded by libwbxml2 (xml2wbxml, wbxml2xml),
never by Bourse's own codec. Steps: OPTIONS -> Provision (449 / Status 142, then two phases) -> FolderSync -> Sync of the
Inbox (initial, then a message delivered by `bourse deliver`) -> Ping woken by a delivery -> SendMail (arrives in bob's
Inbox and alice's Sent Items) -> MoveItems -> ItemOperations Fetch of an attachment -> remote wipe seen on the next request.

Usage: eas_conversation.py --url https://127.0.0.1:PORT --fingerprint SHA256HEX --password PW --bourse 'dotnet /x/bourse.dll'
                           --data DIR --version 14.1 --domain bourse.test
With --provision-only it only provisions a new device and syncs its folders (a partnership for other tests to see).
With --calendar-subject SUBJECT it only checks that an event with that subject reaches a newly provisioned device's
Calendar (an event created elsewhere, e.g. in Outlook on the web). --user names the device's user (default alice).
Prints one line per step; exits 0 when every step passed, 1 with the reason otherwise.
"""
import argparse, base64, hashlib, http.client, os, shlex, ssl, subprocess, sys, tempfile, threading, time, uuid
import xml.etree.ElementTree as ET

DOCTYPE = '<!DOCTYPE ActiveSync PUBLIC "-//MICROSOFT//DTD ActiveSync//EN" "http://www.microsoft.com/">'
ap = argparse.ArgumentParser()
for name in ("url", "fingerprint", "password", "bourse", "data", "version", "domain"):
    ap.add_argument("--" + name, required=True)
ap.add_argument("--calendar-subject")
ap.add_argument("--provision-only", action="store_true")
ap.add_argument("--exception-subject", help="with --calendar-subject: the series must carry an exception with this subject")
ap.add_argument("--user", default="alice")
args = ap.parse_args()
host_port = args.url.split("//", 1)[1].rstrip("/")
host, port = host_port.rsplit(":", 1)
modern = args.version != "12.1"
tmp = tempfile.mkdtemp(prefix="eas-conv-")


def fail(message):
    print("FAIL: " + message, flush=True)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def step(message):
    print("ok: " + message, flush=True)


def to_wbxml(xml):
    src, dst = os.path.join(tmp, "req.xml"), os.path.join(tmp, "req.wbxml")
    with open(src, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>' + DOCTYPE + xml)
    r = subprocess.run(["xml2wbxml", "-a", "-n", "-v", "1.3", "-o", dst, src], capture_output=True, text=True)
    check(r.returncode == 0 and os.path.exists(dst), "xml2wbxml refused our request: " + r.stdout + r.stderr)
    with open(dst, "rb") as f:
        return f.read()


def from_wbxml(data):
    src, dst = os.path.join(tmp, "resp.wbxml"), os.path.join(tmp, "resp.xml")
    with open(src, "wb") as f:
        f.write(data)
    if os.path.exists(dst):
        os.remove(dst)
    r = subprocess.run(["wbxml2xml", "-m", "0", "-l", "ACTIVESYNC", "-o", dst, src], capture_output=True, text=True)
    check(r.returncode == 0 and os.path.exists(dst), "wbxml2xml could not decode the server's answer: " + r.stdout + r.stderr)
    with open(dst, encoding="utf-8") as f:
        text = f.read()
    return ET.fromstring(text[text.index("?>") + 2:].replace(DOCTYPE, ""))


class Device:
    def __init__(self, user, device_id):
        self.user, self.device_id, self.policy_key = user, device_id, None
        self.auth = "Basic " + base64.b64encode(f"{user}@{args.domain}:{args.password}".encode()).decode()

    def connect(self, timeout=30):
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        c = http.client.HTTPSConnection(host, int(port), context=ctx, timeout=timeout)
        c.connect()
        # Trust exactly the server's self-signed certificate.
        check(hashlib.sha256(c.sock.getpeercert(True)).hexdigest().upper() == args.fingerprint.replace(":", "").upper(), "certificate fingerprint mismatch")
        return c

    def request(self, method, cmd=None, body=b"", content_type="application/vnd.ms-sync.wbxml", extra="", timeout=30):
        c = self.connect(timeout)
        path = "/Microsoft-Server-ActiveSync"
        if cmd:
            path += f"?Cmd={cmd}&User={self.user}&DeviceId={self.device_id}&DeviceType=ConformancePhone{extra}"
        headers = {"Authorization": self.auth, "MS-ASProtocolVersion": args.version, "User-Agent": "eas-conversation/1.0"}
        if body:
            headers["Content-Type"] = content_type
        if self.policy_key:
            headers["X-MS-PolicyKey"] = self.policy_key
        c.request(method, path, body=body, headers=headers)
        r = c.getresponse()
        data = r.read()
        c.close()
        return r, data

    def command(self, cmd, xml, expect_http=200, **kw):
        r, data = self.request("POST", cmd, to_wbxml(xml) if xml else b"", **kw)
        check(r.status == expect_http, f"{cmd}: HTTP {r.status}, expected {expect_http}; body {data[:200]!r}")
        if r.status != 200 or not data:
            return None
        check(r.getheader("Content-Type", "").startswith("application/vnd.ms-sync.wbxml"), f"{cmd}: content type {r.getheader('Content-Type')}")
        return from_wbxml(data)

    def provision(self):
        policy = '<Policies><Policy><PolicyType>MS-EAS-Provisioning-WBXML</PolicyType>{}</Policy></Policies>'
        first = self.command("Provision", f'<Provision xmlns="Provision:">{policy.format("")}</Provision>')
        check(text(first, "Provision:Status") == "1", "Provision phase 1 status")
        temporary = text(first, "Provision:Policies/Provision:Policy/Provision:PolicyKey")
        check(find(first, "Provision:Policies/Provision:Policy/Provision:Data/Provision:EASProvisionDoc") is not None, "no EASProvisionDoc")
        self.policy_key = temporary
        second = self.command("Provision", f'<Provision xmlns="Provision:">{policy.format(f"<PolicyKey>{temporary}</PolicyKey><Status>1</Status>")}</Provision>')
        check(text(second, "Provision:Status") == "1", "Provision phase 2 status")
        self.policy_key = text(second, "Provision:Policies/Provision:Policy/Provision:PolicyKey")
        check(self.policy_key and self.policy_key != temporary, "no final policy key")

    def folders(self):
        r = self.command("FolderSync", '<FolderSync xmlns="FolderHierarchy:"><SyncKey>0</SyncKey></FolderSync>')
        check(text(r, "FolderHierarchy:Status") == "1", "FolderSync status")
        return {text(a, "FolderHierarchy:Type"): text(a, "FolderHierarchy:ServerId") for a in findall(r, ".//FolderHierarchy:Add")}

    def sync(self, collection, key, body_type="1", window=50):
        xml = (f'<Sync xmlns="AirSync:" xmlns:B="AirSyncBase:"><Collections><Collection><SyncKey>{key}</SyncKey>'
               f'<CollectionId>{collection}</CollectionId>' + ('' if key == "0" else
               f'<DeletesAsMoves>1</DeletesAsMoves><GetChanges>1</GetChanges><WindowSize>{window}</WindowSize>'
               f'<Options><B:BodyPreference><B:Type>{body_type}</B:Type><B:TruncationSize>5120</B:TruncationSize></B:BodyPreference></Options>')
               + '</Collection></Collections></Sync>')
        r = self.command("Sync", xml)
        check(r is not None, "Sync answered with an empty body")
        coll = find(r, "AirSync:Collections/AirSync:Collection")
        check(coll is not None and text(coll, "AirSync:Status") == "1", "Sync status: " + ET.tostring(r, encoding="unicode")[:400])
        return text(coll, "AirSync:SyncKey"), findall(coll, "AirSync:Commands/AirSync:Add")


NS = {"AirSync": "AirSync:", "AirSyncBase": "AirSyncBase:", "Email": "Email:", "FolderHierarchy": "FolderHierarchy:",
      "Provision": "Provision:", "Ping": "Ping:", "Calendar": "Calendar:", "ComposeMail": "ComposeMail:", "Move": "Move:", "ItemOperations": "ItemOperations:"}


def find(e, path):
    return None if e is None else e.find(path, NS)


def findall(e, path):
    return [] if e is None else e.findall(path, NS)


def text(e, path):
    f = find(e, path)
    return None if f is None else (f.text or "")


def bourse(*cli, stdin=None):
    r = subprocess.run(shlex.split(args.bourse) + list(cli) + ["--data", args.data], input=stdin, capture_output=True)
    check(r.returncode == 0, f"bourse {' '.join(cli)}: exit {r.returncode} {r.stdout!r} {r.stderr!r}")


def message(subject, attachment=None):
    boundary = "b-" + uuid.uuid4().hex
    head = (f"From: Carol <carol@example.com>\r\nTo: alice@{args.domain}\r\nSubject: {subject}\r\n"
            f"Message-ID: <{uuid.uuid4().hex}@example.com>\r\nDate: Fri, 27 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n")
    if attachment is None:
        return (head + "Content-Type: text/plain; charset=utf-8\r\n\r\nBody of " + subject + "\r\n").encode()
    return (head + f'Content-Type: multipart/mixed; boundary="{boundary}"\r\n\r\n--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n'
            f"See the attachment.\r\n--{boundary}\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"data.bin\"\r\n"
            f"Content-Transfer-Encoding: base64\r\n\r\n{base64.b64encode(attachment).decode()}\r\n--{boundary}--\r\n").encode()


if args.provision_only:
    phone = Device(args.user, "Phone" + uuid.uuid4().hex[:8])
    phone.provision()
    check(phone.folders().get("2"), "FolderSync lacks the Inbox")
    step("provisioned and synced the folders as " + phone.device_id)
    print("PASS", flush=True)
    sys.exit(0)

if args.calendar_subject:
    phone = Device(args.user, "Cal" + args.version.replace(".", "") + uuid.uuid4().hex[:8])
    phone.provision()
    calendar = phone.folders().get("8")
    check(calendar, "FolderSync lacks the Calendar")
    ckey, _ = phone.sync(calendar, "0")
    ckey, cadds = phone.sync(calendar, ckey)
    found = [a for a in cadds if text(a, "AirSync:ApplicationData/Calendar:Subject") == args.calendar_subject]
    check(found, "the event is not in the device's Calendar: " + str([text(a, "AirSync:ApplicationData/Calendar:Subject") for a in cadds]))
    step("Calendar Sync: the event arrives, starting " + str(text(found[0], "AirSync:ApplicationData/Calendar:StartTime")))
    if args.exception_subject:
        data = find(found[0], "AirSync:ApplicationData")
        check(find(data, "Calendar:Recurrence") is not None, "the event has no Recurrence")
        exceptions = findall(data, "Calendar:Exceptions/Calendar:Exception")
        changed = [e for e in exceptions if text(e, "Calendar:Subject") == args.exception_subject]
        check(changed, "no exception with the changed subject: " + ET.tostring(data, encoding="unicode")[:600])
        # MS-ASCAL 2.2.2.20/2.2.2.25: 16.0 and later name the occurrence by AirSyncBase InstanceId, earlier versions by
        # ExceptionStartTime (which libwbxml2 spells Exception_StartTime).
        original = text(changed[0], "AirSyncBase:InstanceId") if args.version.startswith("16") else (text(changed[0], "Calendar:ExceptionStartTime") or text(changed[0], "Calendar:Exception_StartTime"))
        check(original, "the exception does not name the occurrence it replaces: " + ET.tostring(changed[0], encoding="unicode")[:400])
        step("the series carries the changed occurrence as an exception, of the occurrence at " + original)
    print("PASS", flush=True)
    sys.exit(0)

alice = Device("alice", "Conv" + args.version.replace(".", "") + "A")

# 1. OPTIONS
r, _ = alice.request("OPTIONS")
check(r.status == 200, f"OPTIONS HTTP {r.status}")
check(args.version in (r.getheader("MS-ASProtocolVersions") or "").split(","), "version not offered: " + str(r.getheader("MS-ASProtocolVersions")))
commands = (r.getheader("MS-ASProtocolCommands") or "").split(",")
for needed in ("Provision", "FolderSync", "Sync", "Ping", "SendMail", "MoveItems", "ItemOperations"):
    check(needed in commands, needed + " not in MS-ASProtocolCommands")
step("OPTIONS offers " + r.getheader("MS-ASProtocolVersions"))

# 2. Not provisioned: 449 (12.1) or Status 142 (14.0+), then the two phases.
if modern:
    r = alice.command("FolderSync", '<FolderSync xmlns="FolderHierarchy:"><SyncKey>0</SyncKey></FolderSync>')
    check(text(r, "FolderHierarchy:Status") == "142", "expected Status 142 before provisioning")
    step("unprovisioned FolderSync -> Status 142")
else:
    alice.command("FolderSync", '<FolderSync xmlns="FolderHierarchy:"><SyncKey>0</SyncKey></FolderSync>', expect_http=449)
    step("unprovisioned FolderSync -> HTTP 449")
alice.provision()
step("Provision, two phases, final policy key " + alice.policy_key)

# 3. FolderSync
folders = alice.folders()
inbox, deleted, sent = folders.get("2"), folders.get("4"), folders.get("5")
check(inbox and deleted and sent, "FolderSync lacks Inbox/Deleted Items/Sent Items: " + str(folders))
step(f"FolderSync: {len(folders)} folders, Inbox {inbox}")

# 4. Sync of the Inbox: initial, then a delivery.
attachment = os.urandom(3000)
bourse("deliver", f"alice@{args.domain}", stdin=message("First with attachment", attachment))
key, _ = alice.sync(inbox, "0")
key, adds = alice.sync(inbox, key)
subjects = {text(a, "AirSync:ApplicationData/Email:Subject"): a for a in adds}
check("First with attachment" in subjects, "initial Sync lacks the first message: " + str(list(subjects)))
first = subjects["First with attachment"]
file_reference = text(first, "AirSync:ApplicationData/AirSyncBase:Attachments/AirSyncBase:Attachment/AirSyncBase:FileReference")
check(file_reference, "no attachment FileReference in the Sync Add")
step(f"initial Sync: {len(adds)} item(s)")
bourse("deliver", f"alice@{args.domain}", stdin=message("Second, delivered later"))
key, adds = alice.sync(inbox, key)
check([text(a, "AirSync:ApplicationData/Email:Subject") for a in adds] == ["Second, delivered later"], "the delivered message did not come as the one Add")
step("Sync after delivery: the new message arrives as Add")

# 5. Ping woken by a delivery.
ping = f'<Ping xmlns="Ping:"><HeartbeatInterval>120</HeartbeatInterval><Folders><Folder><Id>{inbox}</Id><Class>Email</Class></Folder></Folders></Ping>'
result = {}


def run_ping():
    result["answer"] = alice.command("Ping", ping, timeout=200)
    result["at"] = time.monotonic()


t = threading.Thread(target=run_ping)
t.start()
time.sleep(2.0)
check(t.is_alive(), "Ping answered before any change: " + str(result))
bourse("deliver", f"alice@{args.domain}", stdin=message("Third, wakes the Ping"))
delivered = time.monotonic()
t.join(30)
check(not t.is_alive(), "Ping did not answer within 30 s of the delivery")
check(text(result["answer"], "Ping:Status") == "2", "Ping status " + str(text(result["answer"], "Ping:Status")))
check([f.text for f in findall(result["answer"], "Ping:Folders/Ping:Folder")] == [inbox], "Ping names other folders")
latency = result["at"] - delivered
check(latency < 1.0, f"Ping answered {latency:.2f} s after the delivery (goal < 1 s)")
step(f"Ping woke up {latency * 1000:.0f} ms after the delivery")
key, adds = alice.sync(inbox, key)

# 6. SendMail to bob, kept in Sent Items.
subject = "Sent from the phone " + uuid.uuid4().hex[:8]
mime = (f"From: alice@{args.domain}\r\nTo: bob@{args.domain}\r\nSubject: {subject}\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nHello Bob.\r\n")
if modern:
    # libwbxml treats ComposeMail MIME as opaque data: its XML form is base64, encoded as WBXML OPAQUE on the wire.
    r = alice.command("SendMail", f'<SendMail xmlns="ComposeMail:"><ClientId>{uuid.uuid4().hex}</ClientId><SaveInSentItems/><MIME>{base64.b64encode(mime.encode()).decode()}</MIME></SendMail>')
    check(r is None or text(r, "ComposeMail:Status") in (None, "1"), "SendMail status " + ET.tostring(r, encoding="unicode") if r is not None else "")
else:
    r, data = alice.request("POST", "SendMail", mime.encode(), content_type="message/rfc822", extra="&SaveInSent=T")
    check(r.status == 200, f"SendMail HTTP {r.status} {data[:200]!r}")
bob = Device("bob", "Conv" + args.version.replace(".", "") + "B")
bob.provision()
bob_inbox = bob.folders()["2"]
bkey, _ = bob.sync(bob_inbox, "0")
bkey, badds = bob.sync(bob_inbox, bkey)
check(subject in [text(a, "AirSync:ApplicationData/Email:Subject") for a in badds], "the sent message is not in bob's Inbox")
skey, _ = alice.sync(sent, "0")
skey, sadds = alice.sync(sent, skey)
check(subject in [text(a, "AirSync:ApplicationData/Email:Subject") for a in sadds], "the sent message is not in alice's Sent Items")
step("SendMail: in bob's Inbox and alice's Sent Items")

# 7. MoveItems: the first message to Deleted Items.
src = text(first, "AirSync:ServerId")
r = alice.command("MoveItems", f'<MoveItems xmlns="Move:"><Move><SrcMsgId>{src}</SrcMsgId><SrcFldId>{inbox}</SrcFldId><DstFldId>{deleted}</DstFldId></Move></MoveItems>')
check(text(r, "Move:Response/Move:Status") == "3", "MoveItems status " + str(text(r, "Move:Response/Move:Status")))
moved_id = text(r, "Move:Response/Move:DstMsgId")
dkey, _ = alice.sync(deleted, "0")
dkey, dadds = alice.sync(deleted, dkey)
check(moved_id in [text(a, "AirSync:ServerId") for a in dadds], "the moved message is not in Deleted Items")
step("MoveItems: Status 3, the message is in Deleted Items")

# 8. ItemOperations Fetch of the attachment.
r = alice.command("ItemOperations", f'<ItemOperations xmlns="ItemOperations:" xmlns:B="AirSyncBase:"><Fetch><Store>Mailbox</Store><B:FileReference>{file_reference}</B:FileReference></Fetch></ItemOperations>')
check(text(r, "ItemOperations:Status") == "1", "ItemOperations status")
fetched = text(r, "ItemOperations:Response/ItemOperations:Fetch/ItemOperations:Properties/ItemOperations:Data")
check(fetched is not None and base64.b64decode(fetched) == attachment, "the fetched attachment differs from what was delivered")
step(f"ItemOperations Fetch: the attachment's {len(attachment)} bytes")

# 9. Remote wipe, requested by the administrator, seen on the next request.
bourse("device", "wipe", f"alice@{args.domain}", alice.device_id)
if modern:
    r = alice.command("FolderSync", '<FolderSync xmlns="FolderHierarchy:"><SyncKey>0</SyncKey></FolderSync>')
    check(text(r, "FolderHierarchy:Status") == "140", "expected Status 140 after the wipe request, got " + str(text(r, "FolderHierarchy:Status")))
else:
    alice.command("FolderSync", '<FolderSync xmlns="FolderHierarchy:"><SyncKey>0</SyncKey></FolderSync>', expect_http=449)
r = alice.command("Provision", '<Provision xmlns="Provision:"><Policies><Policy><PolicyType>MS-EAS-Provisioning-WBXML</PolicyType></Policy></Policies></Provision>')
check(find(r, "Provision:RemoteWipe") is not None, "Provision did not carry the RemoteWipe directive")
r = alice.command("Provision", '<Provision xmlns="Provision:"><RemoteWipe><Status>1</Status></RemoteWipe></Provision>')
check(text(r, "Provision:Status") == "1", "wipe acknowledgement status")
step("remote wipe: refused, RemoteWipe directive, acknowledged")
print("PASS", flush=True)
