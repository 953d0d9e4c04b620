"""The seed catalogue: PPU's agencies (OPD) and the categories citizens report under.

Loaded once by a data migration; afterwards admins edit the catalogue through the API.
Agency names follow the regency's organisation of OPD (Perda PPU on the structure of
regional apparatus); SLA days follow SP4N-LAPOR! practice (follow-up within 5 working
days, longer for works that need a crew or a budget line, shorter for emergencies).
"""

from __future__ import annotations

from typing import Any

AGENCIES: tuple[tuple[str, str], ...] = (
    ("DISHUB", "Dinas Perhubungan"),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("DLH", "Dinas Lingkungan Hidup"),
    ("BPBD", "Badan Penanggulangan Bencana Daerah"),
    ("PERUMDAM", "Perumda Air Minum Danum Taka"),
    ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("DINKES", "Dinas Kesehatan"),
    ("DISDIKBUD", "Dinas Pendidikan dan Kebudayaan"),
    ("DISPERINDAG", "Dinas Perindustrian dan Perdagangan"),
    ("DISPORA", "Dinas Pemuda dan Olahraga"),
    ("DINSOS", "Dinas Sosial"),
    ("SATPOLPP", "Satuan Polisi Pamong Praja"),
    ("DISKOMINFO", "Dinas Komunikasi dan Informatika"),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
)


def _choice(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"key": key, "name": name} for key, name in pairs]


def _attr(code: str, order: int, description: str, datatype: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "order": order, "description": description, "datatype": datatype, **extra}


DAMAGE_SIZE = _choice(
    ("kecil", "Kecil (< 1 m)"), ("sedang", "Sedang (1-5 m)"), ("besar", "Besar (> 5 m)")
)
YES_NO = _choice(("ya", "Ya"), ("tidak", "Tidak"))

CATEGORIES: tuple[dict[str, Any], ...] = (
    {
        "code": "PJU-MATI",
        "name": "Penerangan jalan umum mati",
        "name_en": "Street light out",
        "description": "Lampu penerangan jalan umum (PJU) padam, berkedip atau menyala siang hari.",
        "group": "Infrastruktur",
        "keywords": ["pju", "lampu jalan", "street light", "gelap"],
        "agency_code": "DISHUB",
        "sla_working_days": 5,
        "attributes": [
            _attr(
                "kondisi",
                1,
                "Kondisi lampu",
                "singlevaluelist",
                required=True,
                values=_choice(
                    ("padam", "Padam"), ("berkedip", "Berkedip"), ("siang", "Menyala siang hari")
                ),
            ),
            _attr("nomor_tiang", 2, "Nomor tiang (jika terlihat)", "string"),
            _attr("jumlah_lampu", 3, "Jumlah lampu yang padam", "number"),
        ],
    },
    {
        "code": "JALAN-RUSAK",
        "name": "Jalan rusak",
        "name_en": "Road damage",
        "description": "Jalan kabupaten berlubang, retak, amblas atau tertutup longsoran.",
        "group": "Infrastruktur",
        "keywords": ["jalan berlubang", "pothole", "aspal", "longsor"],
        "agency_code": "DPUPR",
        "sla_working_days": 10,
        "attributes": [
            _attr(
                "jenis_kerusakan",
                1,
                "Jenis kerusakan",
                "singlevaluelist",
                required=True,
                values=_choice(
                    ("berlubang", "Berlubang"),
                    ("retak", "Retak"),
                    ("amblas", "Amblas"),
                    ("longsor", "Tertutup longsor"),
                ),
            ),
            _attr("ukuran", 2, "Perkiraan ukuran kerusakan", "singlevaluelist", values=DAMAGE_SIZE),
            _attr(
                "info",
                3,
                "Jalan nasional dan provinsi ditangani BPJN/Dinas PUPR Provinsi; "
                "laporan tetap kami teruskan.",
                "string",
                variable=False,
            ),
        ],
    },
    {
        "code": "JEMBATAN-RUSAK",
        "name": "Jembatan rusak",
        "name_en": "Damaged bridge",
        "description": "Jembatan atau titian kabupaten/desa rusak atau membahayakan.",
        "group": "Infrastruktur",
        "keywords": ["jembatan", "bridge", "titian"],
        "agency_code": "DPUPR",
        "sla_working_days": 10,
        "attributes": [
            _attr(
                "masih_bisa_dilalui",
                1,
                "Apakah jembatan masih bisa dilalui?",
                "singlevaluelist",
                required=True,
                values=YES_NO,
            ),
        ],
    },
    {
        "code": "RAMBU-LALIN",
        "name": "Rambu atau lampu lalu lintas rusak",
        "name_en": "Damaged traffic sign or signal",
        "description": "Rambu, marka atau lampu lalu lintas rusak, hilang atau tertutup.",
        "group": "Transportasi",
        "keywords": ["rambu", "traffic light", "marka", "apill"],
        "agency_code": "DISHUB",
        "sla_working_days": 5,
        "attributes": [
            _attr(
                "jenis",
                1,
                "Yang rusak",
                "singlevaluelist",
                required=True,
                values=_choice(
                    ("rambu", "Rambu"),
                    ("apill", "Lampu lalu lintas (APILL)"),
                    ("marka", "Marka jalan"),
                ),
            ),
        ],
    },
    {
        "code": "SAMPAH",
        "name": "Sampah tidak terangkut",
        "name_en": "Uncollected waste",
        "description": "Sampah di TPS atau tepi jalan tidak diangkut sesuai jadwal.",
        "group": "Lingkungan",
        "keywords": ["sampah", "waste", "tps", "bau"],
        "agency_code": "DLH",
        "sla_working_days": 3,
        "attributes": [
            _attr(
                "jenis_sampah",
                1,
                "Jenis sampah",
                "multivaluelist",
                required=True,
                values=_choice(
                    ("rumah_tangga", "Sampah rumah tangga"),
                    ("plastik", "Plastik"),
                    ("bangunan", "Material bangunan"),
                    ("b3", "Bahan berbahaya (B3)"),
                ),
            ),
            _attr("terakhir_diangkut", 2, "Kapan terakhir diangkut?", "datetime"),
        ],
    },
    {
        "code": "BANJIR",
        "name": "Banjir atau drainase tersumbat",
        "name_en": "Flooding or blocked drains",
        "description": "Genangan, banjir, atau saluran drainase tersumbat. BPBD menangani "
        "kedaruratan; drainase diteruskan ke Dinas PUPR.",
        "group": "Kebencanaan",
        "keywords": ["banjir", "flood", "genangan", "drainase", "got"],
        "agency_code": "BPBD",
        "sla_working_days": 2,
        "attributes": [
            _attr("kedalaman_cm", 1, "Perkiraan kedalaman air (cm)", "number", required=True),
            _attr(
                "masih_tergenang", 2, "Apakah masih tergenang?", "singlevaluelist", values=YES_NO
            ),
        ],
    },
    {
        "code": "POHON-TUMBANG",
        "name": "Pohon tumbang atau rawan tumbang",
        "name_en": "Fallen or dangerous tree",
        "description": "Pohon tumbang menutup jalan, atau pohon rapuh yang membahayakan.",
        "group": "Kebencanaan",
        "keywords": ["pohon", "tree", "tumbang"],
        "agency_code": "BPBD",
        "sla_working_days": 2,
        "attributes": [
            _attr(
                "menutup_jalan",
                1,
                "Apakah menutup jalan?",
                "singlevaluelist",
                required=True,
                values=YES_NO,
            ),
        ],
    },
    {
        "code": "AIR-MATI",
        "name": "Air bersih tidak mengalir",
        "name_en": "No clean water",
        "description": "Air PDAM tidak mengalir, keruh, atau pipa bocor.",
        "group": "Utilitas",
        "keywords": ["pdam", "air", "water", "pipa bocor"],
        "agency_code": "PERUMDAM",
        "sla_working_days": 3,
        "attributes": [
            _attr(
                "masalah",
                1,
                "Masalah",
                "singlevaluelist",
                required=True,
                values=_choice(
                    ("tidak_mengalir", "Tidak mengalir"),
                    ("keruh", "Keruh"),
                    ("pipa_bocor", "Pipa bocor"),
                ),
            ),
            _attr(
                "cakupan",
                2,
                "Yang terdampak",
                "singlevaluelist",
                values=_choice(
                    ("rumah", "Satu rumah"), ("rt", "Satu RT"), ("kelurahan", "Satu desa/kelurahan")
                ),
            ),
            _attr("sejak", 3, "Sejak kapan?", "datetime"),
        ],
    },
    {
        "code": "ADMINDUK",
        "name": "Layanan administrasi kependudukan",
        "name_en": "Civil registration",
        "description": "Kendala layanan KTP-el, Kartu Keluarga, akta, atau pindah datang. "
        "Jangan menuliskan NIK di laporan.",
        "group": "Pelayanan publik",
        "keywords": ["ktp", "kk", "akta", "dukcapil"],
        "agency_code": "DISDUKCAPIL",
        "sla_working_days": 5,
        "attributes": [
            _attr(
                "dokumen",
                1,
                "Dokumen",
                "singlevaluelist",
                required=True,
                values=_choice(
                    ("ktp_el", "KTP-el"),
                    ("kk", "Kartu Keluarga"),
                    ("akta_lahir", "Akta kelahiran"),
                    ("akta_mati", "Akta kematian"),
                    ("pindah", "Surat pindah/datang"),
                ),
            ),
        ],
    },
    {
        "code": "FASKES",
        "name": "Masalah layanan puskesmas",
        "name_en": "Problem at a health centre",
        "description": "Layanan atau fasilitas puskesmas/pustu bermasalah.",
        "group": "Pelayanan publik",
        "keywords": ["puskesmas", "pustu", "health", "obat"],
        "agency_code": "DINKES",
        "sla_working_days": 5,
        "attributes": [
            _attr(
                "masalah",
                1,
                "Masalah",
                "singlevaluelist",
                required=True,
                values=_choice(
                    ("antrean", "Antrean terlalu lama"),
                    ("obat", "Obat kosong"),
                    ("petugas", "Petugas tidak ada"),
                    ("fasilitas", "Fasilitas rusak"),
                    ("kebersihan", "Kebersihan"),
                ),
            ),
        ],
    },
    {
        "code": "SEKOLAH-RUSAK",
        "name": "Gedung sekolah rusak",
        "name_en": "Damaged school building",
        "description": "Kerusakan gedung SD/SMP negeri (SMA/SMK menjadi urusan provinsi).",
        "group": "Pendidikan",
        "keywords": ["sekolah", "school", "sd", "smp", "atap bocor"],
        "agency_code": "DISDIKBUD",
        "sla_working_days": 14,
        "attributes": [
            _attr("nama_sekolah", 1, "Nama sekolah", "string", required=True),
            _attr(
                "bagian",
                2,
                "Bagian yang rusak",
                "multivaluelist",
                required=True,
                values=_choice(
                    ("atap", "Atap"),
                    ("dinding", "Dinding"),
                    ("lantai", "Lantai"),
                    ("toilet", "Toilet"),
                    ("pintu_jendela", "Pintu/jendela"),
                ),
            ),
        ],
    },
    {
        "code": "TAMAN-RUSAK",
        "name": "Taman atau ruang terbuka hijau rusak",
        "name_en": "Damaged park",
        "description": "Fasilitas taman kota atau RTH rusak atau tidak terawat.",
        "group": "Lingkungan",
        "keywords": ["taman", "park", "rth"],
        "agency_code": "DLH",
        "sla_working_days": 10,
        "attributes": [
            _attr(
                "bagian",
                1,
                "Yang rusak",
                "multivaluelist",
                values=_choice(
                    ("bangku", "Bangku"),
                    ("lampu", "Lampu taman"),
                    ("pagar", "Pagar"),
                    ("tanaman", "Tanaman"),
                    ("permainan", "Permainan anak"),
                ),
            ),
        ],
    },
    {
        "code": "PASAR",
        "name": "Fasilitas pasar bermasalah",
        "name_en": "Market facilities",
        "description": "Kebersihan, atap, drainase atau kios di pasar milik pemerintah daerah.",
        "group": "Ekonomi",
        "keywords": ["pasar", "market", "kios"],
        "agency_code": "DISPERINDAG",
        "sla_working_days": 7,
        "attributes": [
            _attr("nama_pasar", 1, "Nama pasar", "string", required=True),
            _attr(
                "masalah",
                2,
                "Masalah",
                "singlevaluelist",
                required=True,
                values=_choice(
                    ("kebersihan", "Kebersihan"),
                    ("atap", "Atap bocor"),
                    ("drainase", "Drainase"),
                    ("kios", "Kios/los"),
                    ("keamanan", "Keamanan"),
                ),
            ),
        ],
    },
    {
        "code": "OLAHRAGA",
        "name": "Sarana olahraga rusak",
        "name_en": "Damaged sports field",
        "description": "Lapangan, gelanggang atau sarana olahraga milik daerah rusak.",
        "group": "Pemuda dan olahraga",
        "keywords": ["lapangan", "sports", "gor", "stadion"],
        "agency_code": "DISPORA",
        "sla_working_days": 10,
        "attributes": [
            _attr(
                "jenis_sarana",
                1,
                "Jenis sarana",
                "singlevaluelist",
                required=True,
                values=_choice(
                    ("sepak_bola", "Lapangan sepak bola"),
                    ("voli", "Lapangan voli"),
                    ("gor", "Gedung olahraga"),
                    ("lainnya", "Lainnya"),
                ),
            ),
        ],
    },
    {
        "code": "BANSOS",
        "name": "Bantuan sosial",
        "name_en": "Social assistance",
        "description": "Bantuan sosial tidak tepat sasaran, terlambat, atau data DTKS keliru.",
        "group": "Sosial",
        "keywords": ["bansos", "dtks", "pkh", "welfare"],
        "agency_code": "DINSOS",
        "sla_working_days": 10,
        "attributes": [],
    },
    {
        "code": "KETERTIBAN",
        "name": "Gangguan ketertiban umum",
        "name_en": "Public order",
        "description": "Bangunan atau lapak liar, reklame tanpa izin, dan gangguan ketertiban "
        "lain.",
        "group": "Ketertiban",
        "keywords": ["satpol pp", "lapak liar", "reklame", "order"],
        "agency_code": "SATPOLPP",
        "sla_working_days": 5,
        "attributes": [],
    },
    {
        "code": "WIFI-PUBLIK",
        "name": "Internet publik tidak berfungsi",
        "name_en": "Public Wi-Fi down",
        "description": "Titik Wi-Fi publik atau jaringan internet desa milik pemda tidak "
        "berfungsi.",
        "group": "Pelayanan publik",
        "keywords": ["wifi", "internet", "sinyal"],
        "agency_code": "DISKOMINFO",
        "sla_working_days": 5,
        "attributes": [],
    },
)
