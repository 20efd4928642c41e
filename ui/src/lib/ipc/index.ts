// The only module that imports @tauri-apps/*. A browser backend for previews comes with the designers' issue.
import { invoke } from '@tauri-apps/api/core';

export type ScreenState = { state: 'not_sent' | 'pending' | 'approved' } | { state: 'rejected'; reason: string | null };
export type Progress = {
  personal_details: ScreenState;
  selfie: ScreenState;
  address: ScreenState;
  overall: string;
  profile_rejection: string | null;
  next: 'start' | 'personal_details' | 'selfie' | 'address' | 'status';
};
export type AppInfo = { sandbox: boolean; api: string };

export const appInfo = () => invoke<AppInfo>('app_info');
export const progress = () => invoke<Progress>('progress');
