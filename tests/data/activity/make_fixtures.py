#!/usr/bin/env python3
"""Write the activity-file fixtures in this folder, byte for byte reproducibly.

    python3 tests/data/activity/make_fixtures.py            # rewrite the fixtures here
    python3 tests/data/activity/make_fixtures.py --many 1000 /tmp/fits   # a load test

Standard library only. The FIT files come from the small encoder below, written from
the FIT protocol: a 14-byte header (size, protocol and profile version, data size,
".FIT", header CRC), definition messages (local number -> global message number and
field list), data messages, and the CRC-16 of everything before it at the end. Global
message and field numbers are the FIT profile's (file_id 0, session 18, lap 19,
record 20; field numbers as in the profile's Messages sheet).

The Strava archive uses the real activities.csv header (99 columns) copied from
tests/data/import/strava_activities.csv, with activity files under activities/ as
Strava writes them (.fit.gz, .tcx.gz, .gpx).

Every timestamp is fixed and gzip/zip headers carry a fixed mtime, so running the
script again gives the same bytes.
"""

import csv
import gzip
import io
import os
import struct
import sys
import zipfile
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
FIT_EPOCH = 631065600  # 1989-12-31T00:00:00Z as a Unix time
FIXED_MTIME = (2026, 1, 10, 12, 0, 0)

# --- FIT ---------------------------------------------------------------------

CRC_TABLE = [0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
             0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400]


def fit_crc(data, crc=0):
    for byte in data:
        tmp = CRC_TABLE[crc & 0xF]
        crc = (crc >> 4) & 0x0FFF
        crc = crc ^ tmp ^ CRC_TABLE[byte & 0xF]
        tmp = CRC_TABLE[crc & 0xF]
        crc = (crc >> 4) & 0x0FFF
        crc = crc ^ tmp ^ CRC_TABLE[(byte >> 4) & 0xF]
    return crc


# base type: (struct code, FIT base type byte)
ENUM, SINT8, UINT8, UINT16, UINT32, UINT32Z = (
    ("B", 0x00), ("b", 0x01), ("B", 0x02), ("H", 0x84), ("I", 0x86), ("I", 0x8C))

MESSAGES = {
    # global number, [(field number, base type)]
    "file_id": (0, [(0, ENUM), (1, UINT16), (2, UINT16), (3, UINT32Z), (4, UINT32)]),
    "record": (20, [(253, UINT32), (5, UINT32), (3, UINT8), (13, SINT8)]),
    "lap": (19, [(253, UINT32), (2, UINT32), (7, UINT32), (8, UINT32), (9, UINT32),
                 (15, UINT8), (16, UINT8)]),
    "session": (18, [(253, UINT32), (2, UINT32), (5, ENUM), (6, ENUM), (7, UINT32),
                     (8, UINT32), (9, UINT32), (16, UINT8), (17, UINT8), (57, SINT8)]),
}


def fit_time(iso):
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()) - FIT_EPOCH


def fit_file(file_id, records, laps, sessions):
    """file_id, records, laps, sessions: dicts or lists of value tuples in MESSAGES order."""
    body = bytearray()
    local = {}

    def message(name, values):
        global_number, fields = MESSAGES[name]
        if name not in local:
            local[name] = len(local)
            body.append(0x40 | local[name])
            body.extend(struct.pack("<BBHB", 0, 0, global_number, len(fields)))
            for number, (code, base) in fields:
                body.extend(struct.pack("<BBB", number, struct.calcsize(code), base))
        body.append(local[name])
        for (number, (code, _)), value in zip(fields, values):
            body.extend(struct.pack("<" + code, value))

    message("file_id", file_id)
    for r in records:
        message("record", r)
    for lap in laps:
        message("lap", lap)
    for s in sessions:
        message("session", s)
    header = struct.pack("<BBHI4s", 14, 0x10, 2132, len(body), b".FIT")
    header += struct.pack("<H", fit_crc(header))
    data = header + bytes(body)
    return data + struct.pack("<H", fit_crc(data))


NO_U8, NO_S8 = 0xFF, 0x7F


def run_fit(serial=3987654321, start="2026-01-04T23:40:00Z", samples=4, step=None):
    """A 55-minute run (50 min on the timer), 10.02 km, HR 151/178, 21 C; `samples`
    record messages spread over the run."""
    t0 = fit_time(start)
    elapsed, timer, distance_m = 3300, 3000, 10021.5
    step = step or elapsed // max(samples - 1, 1)
    records = []
    for i in range(samples):
        t = min(i * step, elapsed)
        records.append((t0 + t, round(distance_m * 100 * t / elapsed), 140 + (i * 7) % 38, 21))
    lap = (t0 + elapsed, t0, elapsed * 1000, timer * 1000, round(distance_m * 100), 151, 178)
    # sport 1 = running, sub_sport 0 = generic
    session = (t0 + elapsed, t0, 1, 0, elapsed * 1000, timer * 1000, round(distance_m * 100), 151, 178, 21)
    # type 4 = activity, manufacturer 1 = garmin, product 3113 (a Forerunner 945)
    return fit_file((4, 1, 3113, serial, t0), records, [lap], [session])


def strava_ride_fit():
    """A ride uploaded to Strava from a Garmin Edge: HR 128/161, 14 C; no lap."""
    t0 = fit_time("2026-01-06T16:05:00Z")
    # sport 2 = cycling, sub_sport 7 = road
    session = (t0 + 5400, t0, 2, 7, 5400 * 1000, 5100 * 1000, 4520000, 128, 161, 14)
    return fit_file((4, 1, 3121, 1234567890, t0), [], [], [session])


def triathlon_fit():
    """A multisport file: open-water swim, transition, ride, transition, run; the
    transitions are not training. The swim has no heart rate (0xFF is FIT's "invalid")."""
    t = fit_time("2026-01-11T07:00:00Z")
    parts = [  # sport, sub_sport, elapsed s, timer s, metres, avg HR, max HR
        (5, 18, 1800, 1790, 1500.0, NO_U8, NO_U8),
        (3, 0, 180, 180, 0.0, 120, 131),
        (2, 7, 3900, 3880, 40000.0, 141, 162),
        (3, 0, 90, 90, 0.0, 138, 145),
        (1, 0, 2400, 2390, 10000.0, 158, 176),
    ]
    sessions = []
    for sport, sub, elapsed, timer, metres, avg, mx in parts:
        sessions.append((t + elapsed, t, sport, sub, elapsed * 1000, timer * 1000, round(metres * 100), avg, mx, NO_S8))
        t += elapsed
    return fit_file((4, 1, 3113, 3987654321, fit_time("2026-01-11T07:00:00Z")), [], [], sessions)


def settings_fit():
    """A watch's settings file (type 2): a FIT file, but not an activity."""
    return fit_file((2, 1, 3113, 3987654321, fit_time("2026-01-01T00:00:00Z")), [], [], [])


# --- GPX and TCX ----------------------------------------------------------------

def iso(t):
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def run_gpx():
    """A Strava-style GPX run (type 9 is Strava's number for Run) in two segments with
    Garmin TrackPointExtension heart rate and air temperature; points a minute and
    300 m apart (5 m/s), a 5-minute stop between the segments."""
    start = int(datetime(2026, 1, 7, 6, 15, tzinfo=timezone.utc).timestamp())
    points = []
    lat, lon = 52.5200, 13.4050
    t = start
    for seg in range(2):
        seg_points = []
        for i in range(10):
            seg_points.append((lat, lon, t, 140 + 2 * i + 10 * seg, 8 + seg))
            lat += 0.0027  # ~300 m north a minute: 5 m/s
            t += 60
        t += 300
        points.append(seg_points)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<gpx creator="StravaGPX" version="1.1" xmlns="http://www.topografix.com/GPX/1/1"'
           ' xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">',
           f' <metadata>\n  <time>{iso(start)}</time>\n </metadata>',
           ' <trk>', '  <name>Morning Run</name>', '  <type>9</type>']
    for seg in points:
        out.append('  <trkseg>')
        for la, lo, tt, hr, temp in seg:
            out.append(f'   <trkpt lat="{la:.6f}" lon="{lo:.6f}">\n    <ele>34.2</ele>\n    <time>{iso(tt)}</time>\n'
                       f'    <extensions>\n     <gpxtpx:TrackPointExtension>\n      <gpxtpx:atemp>{temp}</gpxtpx:atemp>\n'
                       f'      <gpxtpx:hr>{hr}</gpxtpx:hr>\n     </gpxtpx:TrackPointExtension>\n    </extensions>\n   </trkpt>')
        out.append('  </trkseg>')
    out += [' </trk>', '</gpx>', '']
    return "\n".join(out).encode()


def walk_gpx():
    """A phone-recorded walk as Strava's archive keeps it: a name, no type, no extensions."""
    start = int(datetime(2026, 1, 8, 12, 0, tzinfo=timezone.utc).timestamp())
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<gpx creator="StravaGPX iPhone" version="1.1" xmlns="http://www.topografix.com/GPX/1/1"'
           ' xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">',
           ' <trk>', '  <name>Lunch Walk</name>', '  <trkseg>']
    for i in range(4):
        out.append(f'   <trkpt lat="{48.1370 + 0.006 * i:.6f}" lon="11.575500"><time>{iso(start + 600 * i)}</time>'
                   f'<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{100 + i}</gpxtpx:hr>'
                   '</gpxtpx:TrackPointExtension></extensions></trkpt>')
    out += ['  </trkseg>', ' </trk>', '</gpx>', '']
    return "\n".join(out).encode()


def ride_tcx(start="2026-01-09T15:00:00Z", leading_space=False):
    """A two-lap TCX ride with lap heart rates: 60 + 30 min on the timer, 24 + 11.5 km."""
    t0 = int(datetime.fromisoformat(start.replace("Z", "+00:00")).timestamp())
    laps = [(t0, 3600, 24000.0, 141, 165), (t0 + 3700, 1800, 11500.0, 150, 172)]
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"'
           ' xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">',
           ' <Activities>', '  <Activity Sport="Biking">', f'   <Id>{iso(t0)}</Id>']
    for start_t, secs, metres, avg, mx in laps:
        out += [f'   <Lap StartTime="{iso(start_t)}">',
                f'    <TotalTimeSeconds>{secs:.1f}</TotalTimeSeconds>',
                f'    <DistanceMeters>{metres:.1f}</DistanceMeters>',
                '    <Calories>600</Calories>',
                f'    <AverageHeartRateBpm>\n     <Value>{avg}</Value>\n    </AverageHeartRateBpm>',
                f'    <MaximumHeartRateBpm>\n     <Value>{mx}</Value>\n    </MaximumHeartRateBpm>',
                '    <Intensity>Active</Intensity>', '    <TriggerMethod>Manual</TriggerMethod>',
                '    <Track>']
        for k in (0, secs):
            out += ['     <Trackpoint>', f'      <Time>{iso(start_t + k)}</Time>',
                    f'      <HeartRateBpm>\n       <Value>{avg}</Value>\n      </HeartRateBpm>', '     </Trackpoint>']
        out += ['    </Track>', '   </Lap>']
    out += ['   <Notes>Tempo on the canal path</Notes>', '  </Activity>', ' </Activities>',
            ' <Author xsi:type="Application_t" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            '<Name>Strava</Name></Author>',
            '</TrainingCenterDatabase>', '']
    text = "\n".join(out)
    # Strava's archive writes its TCX files with white space before the XML declaration.
    return (("          " if leading_space else "") + text).encode()


def gz(data):
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=1768046400) as f:
        f.write(data)
    return out.getvalue()


# --- Strava archive -----------------------------------------------------------------

def strava_csv():
    with open(os.path.join(HERE, "..", "import", "strava_activities.csv"), newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))

    def row(values):
        cells = [""] * len(header)
        seen = {}
        for name, value in values:
            nth = seen.get(name, 0)
            index = [i for i, h in enumerate(header) if h == name][nth]
            seen[name] = nth + 1
            cells[index] = value
        return cells

    rows = [
        # HR in the CSV, no temperature: the FIT file adds the temperature only.
        row([("Activity ID", "17001"), ("Activity Date", "Jan 4, 2026, 11:40:00 PM"), ("Activity Name", "Night Run"),
             ("Activity Type", "Run"), ("Elapsed Time", "3300"), ("Distance", "10.02"),
             ("Filename", "activities/18001.fit.gz"), ("Elapsed Time", "3300.0"), ("Moving Time", "3000.0"),
             ("Distance", "10021.5"), ("Average Heart Rate", "149.0")]),
        # No HR, no temperature: both from the FIT file.
        row([("Activity ID", "17002"), ("Activity Date", "Jan 6, 2026, 4:05:00 PM"), ("Activity Name", "Afternoon Ride"),
             ("Activity Type", "Ride"), ("Elapsed Time", "5400"), ("Distance", "45.20"),
             ("Filename", "activities/18002.fit.gz"), ("Elapsed Time", "5400.0"), ("Moving Time", "5100.0"),
             ("Distance", "45200.0")]),
        # No HR: the TCX laps give it.
        row([("Activity ID", "17003"), ("Activity Date", "Jan 9, 2026, 3:00:00 PM"), ("Activity Name", "Canal Tempo"),
             ("Activity Type", "Ride"), ("Elapsed Time", "5500"), ("Distance", "35.50"),
             ("Filename", "activities/18003.tcx.gz"), ("Elapsed Time", "5500.0"), ("Moving Time", "5400.0"),
             ("Distance", "35500.0")]),
        # A phone walk: HR from the GPX track points.
        row([("Activity ID", "17004"), ("Activity Date", "Jan 8, 2026, 12:00:00 PM"), ("Activity Name", "Lunch Walk"),
             ("Activity Type", "Walk"), ("Elapsed Time", "1800"), ("Distance", "2.00"),
             ("Filename", "activities/18004.gpx"), ("Elapsed Time", "1800.0"), ("Moving Time", "1800.0"),
             ("Distance", "2001.5")]),
        # A manual entry: no file.
        row([("Activity ID", "17005"), ("Activity Date", "Jan 9, 2026, 6:00:00 PM"), ("Activity Name", "Gym"),
             ("Activity Type", "Weight Training"), ("Elapsed Time", "3600"), ("Distance", "0"),
             ("Elapsed Time", "3600.0"), ("Moving Time", "3600.0")]),
        # Its file is cut short: the session still comes from the CSV, with a warning.
        row([("Activity ID", "17006"), ("Activity Date", "Jan 10, 2026, 7:00:00 AM"), ("Activity Name", "Easy Run"),
             ("Activity Type", "Run"), ("Elapsed Time", "1900"), ("Distance", "5.00"),
             ("Filename", "activities/18006.fit.gz"), ("Elapsed Time", "1900.0"), ("Moving Time", "1850.0"),
             ("Distance", "5000.0")]),
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def strava_archive():
    entries = [
        ("activities.csv", strava_csv()),
        ("activities/18001.fit.gz", gz(run_fit(serial=3987654321, start="2026-01-04T23:40:00Z"))),
        ("activities/18002.fit.gz", gz(strava_ride_fit())),
        ("activities/18003.tcx.gz", gz(ride_tcx(leading_space=True))),
        ("activities/18004.gpx", walk_gpx()),
        ("activities/18006.fit.gz", gz(run_fit(serial=3987654321, start="2026-01-10T07:00:00Z")[:60])),
        # Strava archives hold many other files; a few stand-ins.
        ("profile.csv", b"Athlete ID,Email Address,First Name\n123,me@example.com,Me\n"),
        ("media/", b""),
    ]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_MTIME)
            info.compress_type = zipfile.ZIP_STORED if name.endswith("/") else zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return out.getvalue()


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--many":
        count, folder = int(sys.argv[2]), sys.argv[3]
        os.makedirs(folder, exist_ok=True)
        base = fit_time("2024-01-01T06:00:00Z") + FIT_EPOCH
        for i in range(count):
            start = iso(base + i * 86400)
            # One-second records for the whole hour, as a watch writes them.
            data = run_fit(serial=1000 + i, start=start, samples=3301, step=1)
            with open(os.path.join(folder, f"run{i:05}.fit"), "wb") as f:
                f.write(data)
        return
    run = run_fit()
    write("run.fit", run)
    write("truncated.fit", run[: len(run) // 2])
    write("triathlon.fit", triathlon_fit())
    write("settings.fit", settings_fit())
    write("run.gpx", run_gpx())
    write("not_xml.gpx", b"Rate Limit Exceeded\n")
    write("ride.tcx", ride_tcx())
    write("ride.tcx.gz", gz(ride_tcx()))
    write("strava_export.zip", strava_archive())


if __name__ == "__main__":
    main()
