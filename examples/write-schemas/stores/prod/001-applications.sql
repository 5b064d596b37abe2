-- The same table as production has it: a shorter name, an enum without 'archived', a tighter priority.
CREATE TYPE public.app_status AS ENUM ('draft', 'active');
CREATE TABLE public.applications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name varchar(100) NOT NULL,
  status public.app_status NOT NULL DEFAULT 'draft',
  owner_email varchar(320) NOT NULL,
  priority integer NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 5),
  budget numeric(12, 2),
  tags text[] NOT NULL DEFAULT '{}',
  settings jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
