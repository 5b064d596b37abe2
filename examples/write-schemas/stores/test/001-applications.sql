-- The applications table as the release was tested: every document the write schema allows fits.
CREATE TYPE public.app_status AS ENUM ('draft', 'active', 'archived');
CREATE TABLE public.applications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name varchar(200) NOT NULL,
  status public.app_status NOT NULL DEFAULT 'draft',
  owner_email varchar(320) NOT NULL,
  priority integer NOT NULL DEFAULT 0,
  budget numeric(12, 2),
  tags text[] NOT NULL DEFAULT '{}',
  settings jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
