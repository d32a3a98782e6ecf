"""First-level regions of the countries where the gang is reported, and their capitals.

A region is drawn at its capital's seat (the GeoNames city of that name in that country,
looked up when the index is built), as Peru's departments are. Facts of administrative
geography, written once here: region name → capital. Names that are also common words,
people's names or the gang's own name ("Aragua", "Bolívar", "Sucre") are indexed only in
their qualified forms ("Aragua state", "estado Bolívar", "departamento de Sucre").
"""

from __future__ import annotations

# ISO alpha-2 → {region: capital}
REGIONS: dict[str, dict[str, str]] = {
    "CL": {
        "Arica y Parinacota": "Arica", "Tarapacá": "Iquique", "Antofagasta": "Antofagasta",
        "Atacama": "Copiapó", "Coquimbo": "La Serena", "Valparaíso": "Valparaíso",
        "Región Metropolitana": "Santiago", "O'Higgins": "Rancagua", "Maule": "Talca",
        "Ñuble": "Chillán", "Biobío": "Concepción", "Araucanía": "Temuco",
        "Los Ríos": "Valdivia", "Los Lagos": "Puerto Montt", "Aysén": "Coyhaique",
        "Magallanes": "Punta Arenas",
    },
    "CO": {
        "Amazonas": "Leticia", "Antioquia": "Medellín", "Arauca": "Arauca",
        "Atlántico": "Barranquilla", "Bolívar": "Cartagena", "Boyacá": "Tunja",
        "Caldas": "Manizales", "Caquetá": "Florencia", "Casanare": "Yopal",
        "Cauca": "Popayán", "Cesar": "Valledupar", "Chocó": "Quibdó", "Córdoba": "Montería",
        "Cundinamarca": "Bogotá", "Guainía": "Inírida", "Guaviare": "San José del Guaviare",
        "Huila": "Neiva", "La Guajira": "Riohacha", "Magdalena": "Santa Marta",
        "Meta": "Villavicencio", "Nariño": "Pasto", "Norte de Santander": "Cúcuta",
        "Putumayo": "Mocoa", "Quindío": "Armenia", "Risaralda": "Pereira",
        "Santander": "Bucaramanga", "Sucre": "Sincelejo", "Tolima": "Ibagué",
        "Valle del Cauca": "Cali", "Vaupés": "Mitú", "Vichada": "Puerto Carreño",
    },
    "VE": {
        "Amazonas": "Puerto Ayacucho", "Anzoátegui": "Barcelona",
        "Apure": "San Fernando de Apure", "Aragua": "Maracay", "Barinas": "Barinas",
        "Bolívar": "Ciudad Bolívar", "Carabobo": "Valencia", "Cojedes": "San Carlos",
        "Delta Amacuro": "Tucupita", "Falcón": "Coro", "Guárico": "San Juan de los Morros",
        "Lara": "Barquisimeto", "Mérida": "Mérida", "Miranda": "Los Teques",
        "Monagas": "Maturín", "Nueva Esparta": "La Asunción", "Portuguesa": "Guanare",
        "Sucre": "Cumaná", "Táchira": "San Cristóbal", "Trujillo": "Trujillo",
        "Yaracuy": "San Felipe", "Zulia": "Maracaibo",
    },
    "EC": {
        "Azuay": "Cuenca", "Bolívar": "Guaranda", "Cañar": "Azogues", "Carchi": "Tulcán",
        "Chimborazo": "Riobamba", "Cotopaxi": "Latacunga", "El Oro": "Machala",
        "Esmeraldas": "Esmeraldas", "Guayas": "Guayaquil", "Imbabura": "Ibarra",
        "Loja": "Loja", "Los Ríos": "Babahoyo", "Manabí": "Portoviejo",
        "Morona Santiago": "Macas", "Napo": "Tena", "Pastaza": "Puyo", "Pichincha": "Quito",
        "Sucumbíos": "Nueva Loja", "Tungurahua": "Ambato", "Zamora Chinchipe": "Zamora",
    },
    "BO": {
        "Beni": "Trinidad", "Chuquisaca": "Sucre", "Cochabamba": "Cochabamba",
        "La Paz": "La Paz", "Oruro": "Oruro", "Pando": "Cobija", "Potosí": "Potosí",
        "Santa Cruz": "Santa Cruz de la Sierra", "Tarija": "Tarija",
    },
    "US": {
        "Alabama": "Montgomery", "Alaska": "Juneau", "Arizona": "Phoenix",
        "Arkansas": "Little Rock", "California": "Sacramento", "Colorado": "Denver",
        "Connecticut": "Hartford", "Delaware": "Dover", "Florida": "Tallahassee",
        "Georgia": "Atlanta", "Hawaii": "Honolulu", "Idaho": "Boise",
        "Illinois": "Springfield", "Indiana": "Indianapolis", "Iowa": "Des Moines",
        "Kansas": "Topeka", "Kentucky": "Frankfort", "Louisiana": "Baton Rouge",
        "Maine": "Augusta", "Maryland": "Annapolis", "Massachusetts": "Boston",
        "Michigan": "Lansing", "Minnesota": "Saint Paul", "Mississippi": "Jackson",
        "Missouri": "Jefferson City", "Montana": "Helena", "Nebraska": "Lincoln",
        "Nevada": "Carson City", "New Hampshire": "Concord", "New Jersey": "Trenton",
        "New Mexico": "Santa Fe", "New York": "Albany", "North Carolina": "Raleigh",
        "North Dakota": "Bismarck", "Ohio": "Columbus", "Oklahoma": "Oklahoma City",
        "Oregon": "Salem", "Pennsylvania": "Harrisburg", "Rhode Island": "Providence",
        "South Carolina": "Columbia", "South Dakota": "Pierre", "Tennessee": "Nashville",
        "Texas": "Austin", "Utah": "Salt Lake City", "Vermont": "Montpelier",
        "Virginia": "Richmond", "Washington": "Olympia", "West Virginia": "Charleston",
        "Wisconsin": "Madison", "Wyoming": "Cheyenne",
    },
}
# Region names indexed only with a qualifier: common words, people's names, the gang's name,
# names shared by several countries' regions or by their own capital city.
QUALIFIED_ONLY = frozenset([
    "Aragua", "Bolívar", "Sucre", "Amazonas", "Cesar", "Meta", "Magdalena", "Caldas",
    "Córdoba", "Santander", "Arauca", "Cauca", "Lara", "Miranda", "Portuguesa", "Falcón",
    "Mérida", "Trujillo", "Barinas", "Los Ríos", "Loja", "Esmeraldas", "El Oro", "Napo",
    "Cochabamba", "La Paz", "Oruro", "Potosí", "Santa Cruz", "Tarija", "Beni", "Pando",
    "Antofagasta", "Valparaíso", "Coquimbo", "Atacama", "Maule", "Los Lagos", "Magallanes",
    "Guayas", "Azuay", "Pichincha", "Carchi", "Georgia", "Washington", "Florida", "New York",
    "Virginia", "Nevada", "Montana", "Indiana", "Maine", "Jackson", "Lincoln",
])
_QUALIFIERS_BEFORE = ("estado", "state of", "región", "región de", "region of",
                      "departamento de", "department of", "provincia de", "province of",
                      "departamento del", "región del")
_QUALIFIERS_AFTER = ("state", "region", "department", "province")


def aliases(name: str) -> list[str]:
    """The names a region is indexed under: bare (unless qualified-only) and qualified."""
    out = [f"{q} {name}" for q in _QUALIFIERS_BEFORE] + [
        f"{name} {q}" for q in _QUALIFIERS_AFTER]
    if name not in QUALIFIED_ONLY:
        out.append(name)
    # English text joins a two-part name with "and": "Arica and Parinacota"
    return out + [a.replace(" y ", " and ") for a in out if " y " in a]
