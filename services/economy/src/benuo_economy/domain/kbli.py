"""KBLI 2020 (Peraturan BPS No. 2 Tahun 2020): which section a five-digit code belongs to.

Every KBLI code starts with its two-digit division (golongan pokok), and every division
belongs to exactly one section (kategori A-U). So the sector of a business is known for any
well-formed code, even one missing from the small title list in ``reference/kbli_2020.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass

UNKNOWN_SECTOR = "unknown"


@dataclass(frozen=True)
class Section:
    letter: str
    title: str
    divisions: range

    @property
    def label(self) -> str:
        """How events and the API name a sector, e.g. 'G Perdagangan Besar dan Eceran; ...'."""
        return f"{self.letter} {self.title}"


SECTIONS = (
    Section("A", "Pertanian, Kehutanan dan Perikanan", range(1, 4)),
    Section("B", "Pertambangan dan Penggalian", range(5, 10)),
    Section("C", "Industri Pengolahan", range(10, 34)),
    Section("D", "Pengadaan Listrik, Gas, Uap/Air Panas dan Udara Dingin", range(35, 36)),
    Section(
        "E",
        "Treatment Air, Treatment Air Limbah, Treatment dan Pemulihan Material Sampah, "
        "dan Aktivitas Remediasi",
        range(36, 40),
    ),
    Section("F", "Konstruksi", range(41, 44)),
    Section(
        "G",
        "Perdagangan Besar dan Eceran; Reparasi dan Perawatan Mobil dan Sepeda Motor",
        range(45, 48),
    ),
    Section("H", "Pengangkutan dan Pergudangan", range(49, 54)),
    Section("I", "Penyediaan Akomodasi dan Penyediaan Makan Minum", range(55, 57)),
    Section("J", "Informasi dan Komunikasi", range(58, 64)),
    Section("K", "Aktivitas Keuangan dan Asuransi", range(64, 67)),
    Section("L", "Real Estat", range(68, 69)),
    Section("M", "Aktivitas Profesional, Ilmiah dan Teknis", range(69, 76)),
    Section(
        "N",
        "Aktivitas Penyewaan dan Sewa Guna Usaha Tanpa Hak Opsi, Ketenagakerjaan, "
        "Agen Perjalanan dan Penunjang Usaha Lainnya",
        range(77, 83),
    ),
    Section("O", "Administrasi Pemerintahan, Pertahanan dan Jaminan Sosial Wajib", range(84, 85)),
    Section("P", "Pendidikan", range(85, 86)),
    Section("Q", "Aktivitas Kesehatan Manusia dan Aktivitas Sosial", range(86, 89)),
    Section("R", "Kesenian, Hiburan dan Rekreasi", range(90, 94)),
    Section("S", "Aktivitas Jasa Lainnya", range(94, 97)),
    Section(
        "T",
        "Aktivitas Rumah Tangga sebagai Pemberi Kerja; Aktivitas yang Menghasilkan Barang dan "
        "Jasa oleh Rumah Tangga yang Digunakan untuk Memenuhi Kebutuhan Sendiri",
        range(97, 99),
    ),
    Section(
        "U", "Aktivitas Badan Internasional dan Badan Ekstra Internasional Lainnya", range(99, 100)
    ),
)
_BY_LETTER = {section.letter: section for section in SECTIONS}


def section_of(kbli_code: str) -> Section | None:
    """The section of a five-digit code; None when its division is not one KBLI 2020 uses."""
    if len(kbli_code) != 5 or not kbli_code.isdigit():
        return None
    division = int(kbli_code[:2])
    return next((s for s in SECTIONS if division in s.divisions), None)


def section_by_letter(letter: str) -> Section | None:
    return _BY_LETTER.get(letter)


def sector_label(section_letter: str | None) -> str:
    section = section_by_letter(section_letter) if section_letter else None
    return section.label if section else UNKNOWN_SECTOR
