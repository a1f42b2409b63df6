// Form widgets generated from declared field types: the driver catalogue items (§6.3) and
// settings items (§9.1) share the same type names.
import { tOpt } from "../i18n";

export interface FieldDef {
  name: string;
  type: string; // string | select | bool | text | number | float
  default?: string;
  options?: string;
  required?: boolean;
  help?: string;
}

/** Readable fallback for a field key without a translation: "root_folder_path" → "Root folder path". */
export const humanize = (k: string) => (k.charAt(0).toUpperCase() + k.slice(1)).replace(/_/g, " ");

export function fieldLabel(prefix: string, name: string) {
  return tOpt(`${prefix}.${name}`) || tOpt(`field.${name}`) || humanize(name);
}

export function FieldInput(p: {
  def: FieldDef;
  label: string;
  value: any;
  onChange: (v: any) => void;
  disabled?: boolean;
}) {
  const { def } = p;
  const id = "f-" + def.name;
  if (def.type === "bool") {
    const on = p.value === true || p.value === "true" || p.value === "1";
    return (
      <label class="check-field" title={def.help}>
        <input type="checkbox" name={def.name} checked={on} disabled={p.disabled} onChange={(e) => p.onChange(e.currentTarget.checked)} />
        <span>{p.label}</span>
        {def.help && <small class="muted help">{def.help}</small>}
      </label>
    );
  }
  let input;
  if (def.type === "select") {
    input = (
      <select id={id} name={def.name} value={String(p.value ?? "")} disabled={p.disabled} onChange={(e) => p.onChange(e.currentTarget.value)}>
        {!def.required && <option value="" />}
        {(def.options || "").split(",").filter(Boolean).map((o) => (
          <option value={o.trim()}>{o.trim()}</option>
        ))}
      </select>
    );
  } else if (def.type === "text") {
    input = (
      <textarea id={id} name={def.name} rows={4} value={String(p.value ?? "")} disabled={p.disabled} onInput={(e) => p.onChange(e.currentTarget.value)} />
    );
  } else {
    const num = def.type === "number" || def.type === "float";
    input = (
      <input
        id={id}
        name={def.name}
        type={(num ? "number" : "text") as "text"}
        step={def.type === "float" ? "any" : undefined}
        value={String(p.value ?? "")}
        required={def.required && !num}
        disabled={p.disabled}
        onInput={(e) => p.onChange(e.currentTarget.value)}
      />
    );
  }
  return (
    <div class="field">
      <label for={id}>
        {p.label}
        {def.required && <span class="req"> *</span>}
      </label>
      {input}
      {def.help && <small class="muted help">{def.help}</small>}
    </div>
  );
}

/** Convert a form value to the JSON type the server expects for this field type. */
export function typed(def: FieldDef, v: any): any {
  if (def.type === "bool") return v === true || v === "true" || v === "1";
  if (def.type === "number") return v === "" || v == null ? 0 : parseInt(String(v), 10) || 0;
  if (def.type === "float") return v === "" || v == null ? 0 : parseFloat(String(v)) || 0;
  return v == null ? "" : String(v);
}
