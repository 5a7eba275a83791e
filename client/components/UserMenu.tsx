import { api } from '../api.ts';
import { colourOf, useSession } from '../session.ts';

/** The signed-in person, as others see them, and the way out. */
export function UserMenu() {
  const { me, refresh } = useSession();
  return (
    <div className="user-menu">
      <span className="avatar" style={{ background: colourOf(me.user.id) }} aria-hidden="true">
        {me.user.name.slice(0, 1).toUpperCase()}
      </span>
      <span>{me.user.name}</span>
      <button type="button" className="link-button" onClick={() => void api.logout().then(refresh, refresh)}>
        Sign out
      </button>
    </div>
  );
}
