"""The guides of /panduan/ (step by step, each step with a small inline SVG illustration) and the FAQ.

Words are marked for translation; illustrations are symbol ids of templates/publicinfo/_icons.html.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Step:
    icon: str
    text: Promise


@dataclass(frozen=True)
class Guide:
    slug: str
    title: Promise
    summary: Promise
    steps: tuple[Step, ...]


GUIDES: tuple[Guide, ...] = (
    Guide("daftar", _("Mendaftar akun"), _("Satu NIK untuk satu akun; siapkan KTP/KK dan HP."), (
        Step("card", _("Siapkan NIK (16 angka di KK atau KTP) dan nomor KK.")),
        Step("phone", _("Buka menu Daftar, isi NIK, nama, tanggal lahir dan nomor HP yang aktif.")),
        Step("sms", _("Masukkan kode yang dikirim lewat SMS untuk memastikan nomor HP Anda.")),
        Step("lock", _("Buat kata sandi yang mudah Anda ingat tetapi sulit ditebak orang lain.")),
    )),
    Guide("foto-kk", _("Memotret KK dengan baik"), _("Foto yang terbaca membuat berkas tidak dikembalikan."), (
        Step("sun", _("Letakkan KK di meja yang terang, dekat jendela; jangan pakai lampu kilat (silau).")),
        Step("frame", _("Pegang HP sejajar di atas KK sampai keempat sudutnya terlihat di layar.")),
        Step("focus", _("Ketuk layar pada tulisan agar tajam, tahan HP diam, lalu potret.")),
        Step("check", _("Perbesar foto: NIK dan nama harus terbaca. Foto besar akan diperkecil otomatis.")),
    )),
    Guide("reservasi", _("Memesan jadwal datang"), _("Datang pada jam yang dipilih, antre lebih singkat."), (
        Step("calendar", _("Buka menu Reservasi dan pilih lokasi layanan terdekat.")),
        Step("clock", _("Pilih hari dan jam yang masih tersedia, lalu konfirmasi.")),
        Step("qr", _("Simpan kode QR bukti reservasi atau catat nomornya.")),
        Step("ticket", _("Pada hari itu, pindai kode QR di anjungan untuk mendapat nomor antrean.")),
    )),
    Guide("pantau", _("Memantau permohonan"), _("Lihat tahap berkas Anda tanpa harus datang."), (
        Step("search", _("Buka Cek status, masukkan nomor permohonan dan NIK.")),
        Step("steps", _("Lihat tahap yang sudah selesai dan yang masih akan dilalui.")),
        Step("sms", _("Anda juga diberi tahu lewat SMS/e-mail saat ada perubahan atau kekurangan berkas.")),
        Step("card", _("Bila KTP-el siap, datang ke lokasi pengambilan dengan bukti permohonan.")),
    )),
    Guide("pengaduan", _("Menyampaikan pengaduan"), _("Keluhan, saran atau laporan pungutan liar."), (
        Step("chat", _("Buka menu Pengaduan dan pilih jenis laporan serta kategorinya.")),
        Step("frame", _("Ceritakan kejadiannya: kapan, di mana, apa yang terjadi; lampirkan foto bila ada.")),
        Step("ticket", _("Simpan nomor laporan untuk memantau jawabannya.")),
        Step("check", _("Laporan diperiksa dalam 3 hari kerja dan dijawab paling lambat 5 hari kerja.")),
    )),
)


def guide(slug: str) -> Guide | None:
    return next((g for g in GUIDES if g.slug == slug), None)


@dataclass(frozen=True)
class Question:
    slug: str
    question: Promise
    answer: Promise


FAQ: tuple[Question, ...] = (
    Question("biaya", _("Apakah ada biaya membuat KTP-el?"),
             _("Tidak. Semua layanan adminduk gratis (UU 24/2013 Pasal 79A). Laporkan setiap pungutan lewat menu "
               "Pengaduan.")),
    Question("foto-besar", _("Foto dokumen saya ditolak karena terlalu besar. Apa yang harus saya lakukan?"),
             _("Pilih foto lagi: halaman unggah memperkecil foto di HP sebelum dikirim. Bila masih gagal, potret ulang "
               "dengan resolusi kamera lebih rendah atau unggah sebagai PDF.")),
    Question("lama", _("Berapa lama KTP-el selesai?"),
             _("Sesuai standar pelayanan tiap layanan (lihat halaman Layanan), dihitung dalam hari kerja sejak berkas "
               "lengkap.")),
    Question("blangko", _("Bagaimana jika blangko KTP-el habis?"),
             _("Anda menerima Surat Keterangan (Suket) pengganti KTP-el yang sah sampai kartu dapat dicetak.")),
    Question("lupa-sandi", _("Saya lupa kata sandi. Bagaimana masuk lagi?"),
             _("Pilih Lupa kata sandi di halaman Masuk dan ikuti kode yang dikirim ke HP atau e-mail Anda.")),
    Question("reservasi-penuh", _("Jadwal reservasi penuh. Apa yang bisa saya lakukan?"),
             _("Coba hari lain atau lokasi layanan kecamatan lain; Anda juga tetap bisa datang langsung dan antre.")),
    Question("diwakilkan", _("Bolehkah KTP-el diambil orang lain?"),
             _("Boleh, dengan surat kuasa dan bukti permohonan; petugas mencatat siapa yang mengambil.")),
    Question("hilang", _("KTP-el saya hilang. Apa yang perlu disiapkan?"),
             _("Surat keterangan kehilangan dari kepolisian dan foto KK. Ajukan layanan KTP-el hilang.")),
    Question("status", _("Di mana saya melihat perkembangan permohonan?"),
             _("Di Beranda saya setelah masuk, atau di Cek status dengan nomor permohonan dan NIK.")),
    Question("tanpa-hp", _("Saya tidak punya HP pintar. Bisakah tetap dilayani?"),
             _("Bisa. Datang langsung ke kantor atau lokasi layanan kecamatan; petugas informasi akan membantu.")),
)


def search(query: str) -> list[Question]:
    """Questions whose text (in the current language) contains every word of ``query``."""
    words = [w for w in query.lower().split() if w][:8]
    if not words:
        return list(FAQ)
    out = []
    for item in FAQ:
        text = f"{item.question} {item.answer}".lower()
        if all(word in text for word in words):
            out.append(item)
    return out
