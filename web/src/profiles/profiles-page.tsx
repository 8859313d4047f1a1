import { useHashPath } from '../app/use-hash-route';
import { ProfileDetailPage } from './profile-detail-page';
import { ProfileSearchPage } from './profile-search-page';

/** `#/profiles` searches; `#/profiles/<customer id or userId>` shows one profile. */
export function ProfilesPage() {
  const path = useHashPath();
  const rest = path.slice('/profiles/'.length);
  if (!path.startsWith('/profiles/') || rest === '') return <ProfileSearchPage />;
  return <ProfileDetailPage id={safeDecode(rest)} />;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
