import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { newId } from '../common/ids';
import { HUB_CONFIG, ResolvedConfig } from '../config/hub-config';
import { isUniqueViolation } from '../database/db-errors';
import { TransactionRunner } from '../database/transaction-runner';
import { TeamsRepository } from '../routing/teams.repository';
import { CannedResponse } from '../schema/canned-response.entity';
import { CannedRepository } from './canned.repository';

/** A demo canned response; `team` is a team code (migrations seed the teams), absent for every team. */
interface DemoCanned {
  shortcut: string;
  title: string;
  text: string;
  team?: 'umum' | 'bangunan' | 'kesehatan' | 'pengaduan';
}

/** A dozen answers an office like ours writes every day (DEMO_MODE only; a real office writes its own). */
export const DEMO_CANNED: DemoCanned[] = [
  { shortcut: 'sapaan', title: 'Sapaan pembuka', text: 'Selamat datang, {{nama}}. Saya {{petugas}}, petugas layanan perizinan. Ada yang bisa kami bantu?' },
  {
    shortcut: 'tunggu',
    title: 'Mohon menunggu',
    text: 'Terima kasih, {{nama}}. Mohon tunggu sebentar, kami sedang memeriksa data Anda.',
  },
  {
    shortcut: 'status',
    title: 'Status permohonan sedang dicek',
    text: 'Baik, {{nama}}. Kami cek status permohonan {{nomor_permohonan}} dan kabari Anda di percakapan ini.',
  },
  {
    shortcut: 'nomor',
    title: 'Minta nomor permohonan',
    text: 'Agar kami bisa membantu, mohon kirim nomor permohonan Anda (contoh: PBG/2025/10/00456). Nomor ini ada di bukti pendaftaran.',
  },
  {
    shortcut: 'berkas',
    title: 'Berkas belum lengkap',
    text: 'Berkas permohonan {{nomor_permohonan}} masih perlu dilengkapi. Silakan unggah dokumen yang diminta di akun Anda, lalu tekan "Kirim Perbaikan".',
  },
  {
    shortcut: 'jam-layanan',
    title: 'Jam layanan',
    text: 'Petugas kami melayani pada hari dan jam kerja kantor. Pesan di luar jam kerja kami balas pada hari kerja berikutnya.',
  },
  {
    shortcut: 'loket',
    title: 'Datang ke loket MPP',
    text: 'Untuk hal ini, silakan datang ke loket Mal Pelayanan Publik dengan membawa KTP asli dan nomor permohonan {{nomor_permohonan}}.',
  },
  {
    shortcut: 'tiket',
    title: 'Nomor tiket percakapan',
    text: 'Nomor tiket percakapan Anda adalah {{nomor_tiket}}. Sebutkan nomor ini bila menghubungi kami lagi.',
  },
  {
    shortcut: 'pbg-dokumen',
    title: 'Dokumen PBG rumah tinggal',
    text: 'Untuk PBG rumah tinggal, siapkan KTP, bukti kepemilikan tanah, dan gambar rencana bangunan. Daftar lengkapnya ada di menu persyaratan.',
    team: 'bangunan',
  },
  {
    shortcut: 'rekom-teknis',
    title: 'Menunggu rekomendasi teknis',
    text: 'Permohonan {{nomor_permohonan}} sedang menunggu rekomendasi teknis dari dinas terkait. Kami pantau dan kabari Anda bila ada perkembangan.',
    team: 'bangunan',
  },
  {
    shortcut: 'str',
    title: 'STR harus masih berlaku',
    text: 'Untuk izin praktik, STR yang diunggah harus masih berlaku. Mohon unggah STR terbaru agar permohonan {{nomor_permohonan}} dapat diproses.',
    team: 'kesehatan',
  },
  {
    shortcut: 'aduan',
    title: 'Pengaduan diterima',
    text: 'Terima kasih, {{nama}}. Pengaduan Anda kami catat dengan nomor {{nomor_tiket}} dan kami teruskan ke bagian terkait.',
    team: 'pengaduan',
  },
  {
    shortcut: 'selesai',
    title: 'Penutup',
    text: 'Terima kasih telah menghubungi kami, {{nama}}. Bila masih ada pertanyaan, balas saja pesan ini.',
  },
];

/** Seeds the demo canned responses at start in demo mode; a shortcut already taken is left as the office wrote it. */
@Injectable()
export class CannedDemoSeed implements OnApplicationBootstrap {
  private readonly log = new Logger('Canned');

  constructor(
    @Inject(HUB_CONFIG) private readonly hub: ResolvedConfig,
    private readonly tx: TransactionRunner,
    private readonly canned: CannedRepository,
    private readonly teams: TeamsRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.hub.DEMO_MODE) return;
    const n = await this.seed().catch((err: unknown) => {
      // Another process starting at the same moment seeded them first.
      if (isUniqueViolation(err)) return 0;
      throw err;
    });
    if (n) this.log.log(`demo: seeded ${n} canned responses`);
  }

  private seed(): Promise<number> {
    return this.tx.run(async (m) => {
      const taken = new Set((await this.canned.listAll(m)).map((r) => r.shortcut));
      const teams = await this.teams.listTeams(m);
      const now = new Date();
      let added = 0;
      for (const d of DEMO_CANNED) {
        if (taken.has(d.shortcut)) continue;
        const teamId = d.team ? (teams.find((t) => t.code === d.team)?.id ?? null) : null;
        const row: CannedResponse = {
          id: newId(),
          shortcut: d.shortcut,
          title: d.title,
          text: d.text,
          teamId,
          createdById: null,
          createdAt: now,
          updatedAt: now,
        };
        await this.canned.insert(m, row);
        added++;
      }
      return added;
    });
  }
}
